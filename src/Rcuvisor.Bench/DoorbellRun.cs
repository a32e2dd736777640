using System.Diagnostics;
using Rcuvisor.Backends;
using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>
/// One end-to-end run: a VM of doorbell guests ringing each other in turn, no plugging, no
/// interrupt lines; deliveries counted over a window after a warm-up (so starting the
/// threads is not in the rate), then the VM is paused and audited.
/// </summary>
internal static class DoorbellRun
{
    /// <summary>Work-loop iterations between rings: as `rcuvisor run`'s default (about 1 ms per ring on kvm_pvm, whose guest kernel code is emulated).</summary>
    public const int Work = 1000;
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The fewest deliveries a rate is computed from. On a loaded host a short window can pass
    /// with the vCPU threads never scheduled; a rate of 0 then would be the scheduler's figure,
    /// not the VM's, so the window stretches until this many are counted (or <see cref="Patience"/>).
    /// </summary>
    public const int MinimumDeliveries = 16;

    /// <summary>How long a window may stretch before a VM that delivers nothing is reported as stalled.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>The guest every vCPU runs: work, then ring the next id, every id in turn, forever.</summary>
    public static GuestProgram Guest(int vcpus) => GuestProgram.Doorbell(Work, [.. Enumerable.Range(0, vcpus)]);

    /// <summary>The VM a run of <paramref name="vcpus"/> builds, as results.json describes it.</summary>
    public static BenchVmShape Shape(int vcpus) => new(vcpus, GuestDescription.From(Guest(vcpus)));

    public static (double DeliveredPerSecond, IReadOnlyList<string> Violations) Measure(
        IHypervisor hypervisor, VcpuTableStrategy strategy, int vcpus, TimeSpan window, CancellationToken cancellationToken)
    {
        using var vm = Vm.Create(new VmOptions
        {
            Hypervisor = hypervisor,
            Table = strategy,
            MaxVcpus = vcpus,
            MaxVcpuIds = vcpus,
            Guest = Guest(vcpus),
        });
        for (int id = 0; id < vcpus; id++)
            vm.CreateVcpu(id);
        vm.Start();
        cancellationToken.WaitHandle.WaitOne(WarmUp);
        long before = vm.ReadStats().InterruptsDelivered;
        long start = Stopwatch.GetTimestamp();
        cancellationToken.WaitHandle.WaitOne(window);
        long delivered = vm.ReadStats().InterruptsDelivered - before;
        while (delivered < MinimumDeliveries && Stopwatch.GetElapsedTime(start) < Patience && !cancellationToken.IsCancellationRequested)
        {
            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(10));
            delivered = vm.ReadStats().InterruptsDelivered - before;
        }
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        vm.Pause();
        cancellationToken.ThrowIfCancellationRequested();
        var violations = vm.Audit().Violations;
        if (delivered < MinimumDeliveries)
            violations = [.. violations, $"stalled: {delivered} interrupts delivered in {seconds:F1} s (fewer than the {MinimumDeliveries} a rate needs)"];
        return (delivered / seconds, violations);
    }
}
