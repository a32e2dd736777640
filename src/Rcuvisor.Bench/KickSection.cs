using System.Diagnostics;
using System.Globalization;
using Rcuvisor.Backends;
using Rcuvisor.Execution;

namespace Rcuvisor.Bench;

/// <summary>
/// The kick round trip: a vCPU running a spin guest (which never exits by itself) is kicked
/// from the bench thread, and the time runs until its exit is counted: on KVM, immediate_exit
/// and the signal, <c>KVM_RUN</c> returning EINTR, the vCPU back out of guest mode. The figure
/// ../shared/kvm measured in C for the same path (signal to EINTR) is the baseline it is read
/// beside (p50 13–17 µs, p99 37–61 µs on a kvm_pvm host).
/// </summary>
internal sealed class KickSection : IBenchSection
{
    public const string Section = "kick";
    public const string Metric = "kick round trip";

    public string Key => Section;

    public string Title => "Kick round trip: from Kick() to the vCPU's exit";

    public int PlannedSteps(BenchMatrix matrix) => 1;

    public SectionOutcome Measure(BenchMatrix matrix, IHypervisor hypervisor, IBenchProgress progress, CancellationToken cancellationToken)
    {
        progress.BeginPart("kick round trip");
        var guest = GuestProgram.Spin();
        using var vm = Vm.Create(new VmOptions { Hypervisor = hypervisor, Guest = guest, MaxVcpus = 1, MaxVcpuIds = 1 });
        var vcpu = vm.CreateVcpu(0);
        vm.Start();
        var microseconds = new List<double>(matrix.Kicks);
        for (int i = 0; i < matrix.Kicks; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long exits = WaitSettledInGuest(vcpu);
            long start = Stopwatch.GetTimestamp();
            vcpu.Kick();
            while (vcpu.ReadStats().ExitsInterrupted == exits)
                Thread.SpinWait(16);
            // Raw ticks, not a TimeSpan: its 100 ns unit would round a sub-tick exit to 0.
            microseconds.Add((Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency);
        }
        progress.Advance($"{matrix.Kicks} kicks");
        var cell = new CellResult(Section, Metric, "vcpu", 1, "µs", microseconds)
        {
            Backend = hypervisor.Name,
            Vm = new BenchVmShape(1, GuestDescription.From(guest)),
        };
        return new SectionOutcome([cell]);
    }

    public IEnumerable<string> Verdict(BenchResults results)
    {
        if (results.Find(Section, Metric, "vcpu", 1) is not { } cell)
            yield break;
        yield return $"**Kick round trip** (on {cell.Backend}), {cell.Repeats.Count} kicks of a spinning vCPU: p50 {Us(cell.Median)} µs, "
            + $"p99 {Us(Percentiles.NearestRank(cell.Repeats, 0.99))} µs (../shared/kvm's C probe on kvm_pvm: p50 13–17, p99 37–61 µs).";
    }

    public void WriteReport(MarkdownDocument report, BenchResults results, ChartWriter charts)
    {
        if (results.Find(Section, Metric, "vcpu", 1) is not { } cell)
            return;
        report.Paragraph(
            $"Backend: {cell.Backend}. One vCPU runs a spin guest (interrupts off, no exit of its own); the bench thread waits "
            + "until it is back in guest mode, kicks it, and times until its Interrupted exit is counted. On KVM that is "
            + "immediate_exit plus the real-time signal, KVM_RUN returning EINTR, and the run loop's exit bookkeeping: the "
            + "path ../shared/kvm/host-behaviour.md timed in C (p50 13–17 µs, p99 37–61 µs, 2,000 kicks, kvm_pvm). The target "
            + "is at most 1.5x those. On the simulated CPU it is a flag the guest loop polls every 64 iterations.");
        report.Table(["kicks", "p50 µs", "p99 µs", "max µs"],
            [[cell.Repeats.Count.ToString(CultureInfo.InvariantCulture), Us(cell.Median), Us(Percentiles.NearestRank(cell.Repeats, 0.99)), Us(cell.Max)]]);
    }

    /// <summary>
    /// Waits until the vCPU is in the guest and stays there with no new exit for a short
    /// while; returns its Interrupted exits so far. The kick must find the vCPU in the guest,
    /// or it is only a flag for the next entry; and an exit still owed to the previous kick
    /// (a kick flag seen again at the next entry) must not be timed as this one's.
    /// </summary>
    private static long WaitSettledInGuest(Vcpu vcpu)
    {
        while (true)
        {
            while (vcpu.Mode != VcpuMode.InGuest)
                Thread.Yield();
            long exits = vcpu.ReadStats().ExitsInterrupted;
            Thread.SpinWait(1000);
            if (vcpu.Mode == VcpuMode.InGuest && vcpu.ReadStats().ExitsInterrupted == exits)
                return exits;
        }
    }

    private static string Us(double value) => value.ToString(value < 100 ? "0.0" : "0", CultureInfo.InvariantCulture);
}
