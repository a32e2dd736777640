using Rcuvisor.Backends;
using Rcuvisor.Execution;
using Rcuvisor.Tables;
using Rcuvisor.Workloads;

namespace Rcuvisor.Bench;

/// <summary>
/// <c>rcuvisor run</c> with its defaults, shortened: the same VmWorkload, 4 vCPUs started, 12
/// plugged in one by one at once (to 16), 8 unplugged half-way, 4 interrupt lines, doorbell
/// guests (work 1000) on a cached-move table whose maximum is 1024 or the host's lower limit.
/// Each run's <c>stats.plugLatency</c> p99 (what <c>run --json</c> prints) is one repeat. The
/// plugs all happen before the run's first half ends, so a short run plugs as a 5 s one does.
/// The defaults are <see cref="RunDefaults"/>, which run's options default to as well.
/// </summary>
internal static class RunDefaultsPlugCell
{
    public const string Metric = "plug (CreateVcpu) p99 per run, rcuvisor run defaults";
    private const int Vcpus = RunDefaults.Vcpus;
    private const int HotplugTo = RunDefaults.HotplugTo;
    private const VcpuTableStrategy Table = RunDefaults.Table;

    /// <summary>Progress steps <see cref="Measure"/> reports.</summary>
    public static int Steps(BenchMatrix matrix) => matrix.DoorbellRepeats;

    /// <returns>The cell, and a note for each run whose audit failed (none expected).</returns>
    public static (CellResult Cell, IReadOnlyList<SectionNote> Notes) Measure(
        BenchMatrix matrix, IHypervisor hypervisor, IBenchProgress progress, CancellationToken cancellationToken)
    {
        progress.BeginPart("slow path, rcuvisor run defaults");
        var options = Options(hypervisor, matrix.DoorbellRunTime);
        var p99s = new List<double>(matrix.DoorbellRepeats);
        var notes = new List<SectionNote>();
        for (int run = 0; run < matrix.DoorbellRepeats; run++)
        {
            var result = VmWorkload.Run(options, progress: null, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            p99s.Add(result.Stats.PlugLatency.P99Ms);
            if (!result.Passed)
                notes.Add(new SectionNote(SlowPathSection.Section, $"rcuvisor run defaults, run {run + 1}: the audit failed: {string.Join("; ", result.Violations)}"));
            progress.Advance($"rcuvisor run defaults, run {run + 1}/{matrix.DoorbellRepeats}");
        }
        var cell = new CellResult(SlowPathSection.Section, Metric, VcpuTableStrategyNames.NameOf(Table), HotplugTo, "ms", p99s)
        {
            Backend = hypervisor.Name,
            Vm = new BenchVmShape(options.Vm.MaxVcpus, GuestDescription.From(options.Vm.Guest)),
        };
        return (cell, notes);
    }

    private static VmWorkloadOptions Options(IHypervisor hypervisor, TimeSpan duration)
    {
        // As run does when --max-vcpus is not given: lowered to what the host takes.
        int max = Math.Min(RunDefaults.MaxVcpus, Math.Min(hypervisor.MaxVcpus, hypervisor.MaxVcpuIds));
        return new VmWorkloadOptions
        {
            Vm = new VmOptions
            {
                Hypervisor = hypervisor,
                Table = Table,
                MaxVcpus = max,
                MaxVcpuIds = max,
                Guest = GuestProgram.Doorbell(RunDefaults.Work, [.. Enumerable.Range(0, HotplugTo)]),
            },
            Vcpus = Vcpus,
            HotplugTo = HotplugTo,
            Unplug = HotplugTo / 2,
            IrqLines = RunDefaults.IrqLines,
            Duration = duration,
        };
    }
}
