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
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        vm.Pause();
        cancellationToken.ThrowIfCancellationRequested();
        return (delivered / seconds, vm.Audit().Violations);
    }
}
