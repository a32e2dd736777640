using System.Globalization;
using Rcuvisor.Backends;
using Rcuvisor.Execution;
using Rcuvisor.Tables;
using Rcuvisor.Workloads;

namespace Rcuvisor.Bench;

/// <summary>
/// Issue 12's scale run, once per strategy: a VM started with 2 vCPUs running doorbell guests
/// (each rings every id up to the top in turn) grows to <see cref="BenchMatrix.ScaleTo"/> vCPUs
/// (1024 in the full matrix, the KVM host limit here; lowered to the host's), one
/// <c>CreateVcpu</c> at a time while the vCPUs plugged last are still ringing; then it runs on
/// briefly, pauses and is audited. The same VmWorkload as <c>rcuvisor run --vcpus 2
/// --hotplug-to N --unplug 0 --rings R</c>. Cells: the time to plug them all, the plugs' p99 and the
/// growths' p99 (each growth a table Add that copied and moved every view); a note per run
/// with the counts and the audit.
/// </summary>
/// <remarks>
/// Each guest rings <see cref="Rings"/> times, then halts (its doorbells wake the halted ones,
/// which halt again). With guests that ring forever every vCPU is a busy thread, and on 2 cores
/// a plug waits for the scheduler among hundreds of them: a trial run of that shape had
/// plugged 721 vCPUs after 600 s (beside stress-ng), under one plug a second by then.
/// </remarks>
internal static class ScaleCells
{
    public const string Plugging = "scale: time to plug them all";
    public const string PlugP99 = "scale: plug (CreateVcpu) p99";
    public const string GrowthP99 = "scale: table growth p99";
    private const int StartVcpus = 2;
    private static readonly VcpuTableStrategy[] Strategies = Enum.GetValues<VcpuTableStrategy>();
    private static readonly TimeSpan RunOn = TimeSpan.FromSeconds(1);

    /// <summary>Doorbells each guest rings before it halts.</summary>
    public const int Rings = 1000;

    /// <summary>Progress steps <see cref="Measure"/> reports.</summary>
    public static int Steps => Strategies.Length;

    /// <summary>The vCPU count the runs grow to on <paramref name="hypervisor"/>.</summary>
    public static int Top(BenchMatrix matrix, IHypervisor hypervisor) =>
        Math.Min(matrix.ScaleTo, Math.Min(hypervisor.MaxVcpus, hypervisor.MaxVcpuIds));

    public static (IReadOnlyList<CellResult> Cells, IReadOnlyList<SectionNote> Notes) Measure(
        BenchMatrix matrix, IHypervisor hypervisor, IBenchProgress progress, CancellationToken cancellationToken)
    {
        int top = Top(matrix, hypervisor);
        progress.BeginPart($"slow path, growing from {StartVcpus} to {top} vCPUs");
        var cells = new List<CellResult>();
        var notes = new List<SectionNote>();
        foreach (var strategy in Strategies)
        {
            var options = Options(hypervisor, strategy, top);
            var result = VmWorkload.Run(options, progress: null, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            var stats = result.Stats;
            var shape = new BenchVmShape(top, GuestDescription.From(options.Vm.Guest));
            CellResult Cell(string metric, string unit, double value) =>
                new(SlowPathSection.Section, metric, VcpuTableStrategyNames.NameOf(strategy), top, unit, [value]) { Backend = hypervisor.Name, Vm = shape };
            cells.Add(Cell(Plugging, "s", result.Plugging.TotalSeconds));
            cells.Add(Cell(PlugP99, "ms", stats.PlugLatency.P99Ms));
            if (stats.GrowthLatency.Count > 0) // none while running: Fixed, or radix below 64
                cells.Add(Cell(GrowthP99, "ms", stats.GrowthLatency.P99Ms));
            notes.Add(Note(strategy, top, result));
            progress.Advance($"{VcpuTableStrategyNames.NameOf(strategy)}, {StartVcpus} to {top} vCPUs");
        }
        return (cells, notes);
    }

    private static SectionNote Note(VcpuTableStrategy strategy, int top, VmWorkloadResult result)
    {
        var stats = result.Stats;
        string Ms(double value) => value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);
        return new SectionNote(SlowPathSection.Section,
            $"{VcpuTableStrategyNames.NameOf(strategy)}, {StartVcpus} to {top} vCPUs under doorbells: {top - StartVcpus} hot plugs in "
            + $"{result.Plugging.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s (over all {stats.PlugLatency.Count} CreateVcpu calls: p50 {Ms(stats.PlugLatency.MedianMs)} ms, "
            + $"p99 {Ms(stats.PlugLatency.P99Ms)} ms, max {Ms(stats.PlugLatency.MaxMs)} ms), "
            + (stats.GrowthLatency.Count == 0
                ? "no growth while running, "
                : $"{stats.GrowthLatency.Count} growths while running (p50 {Ms(stats.GrowthLatency.MedianMs)} ms, max {Ms(stats.GrowthLatency.MaxMs)} ms), ")
            + $"{stats.TableRoundsThatWaited} of {stats.TableUpdateRounds} table rounds waited; "
            + $"{stats.InterruptsDelivered} interrupts delivered; audit "
            + (result.Passed ? "passed" : $"FAILED: {string.Join("; ", result.Violations)}"));
    }

    private static VmWorkloadOptions Options(IHypervisor hypervisor, VcpuTableStrategy strategy, int top) => new()
    {
        Vm = new VmOptions
        {
            Hypervisor = hypervisor,
            Table = strategy,
            MaxVcpus = top,
            MaxVcpuIds = top,
            Guest = GuestProgram.Doorbell(RunDefaults.Work, [.. Enumerable.Range(0, top)], Rings),
        },
        Vcpus = StartVcpus,
        HotplugTo = top,
        Unplug = 0,
        IrqLines = StartVcpus,
        Duration = RunOn, // the plugs come first; a run that took longer than this audits at once
    };
}
