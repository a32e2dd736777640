using System.Globalization;
using Rcuvisor.Backends;
using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>
/// A plug (CreateVcpu) that grows the table while vCPUs run, its table Add alone, and an
/// unplug (DestroyVcpu), per strategy: p50, p99 and max over fresh VMs, strategies alternating.
/// </summary>
internal sealed class SlowPathSection : IBenchSection
{
    public const string Section = "slow-path";
    public const string Plug = "plug (CreateVcpu)";
    public const string Growth = "table Add that grew";
    public const string Unplug = "unplug (DestroyVcpu)";
    private static readonly VcpuTableStrategy[] Strategies = Enum.GetValues<VcpuTableStrategy>();

    public string Key => Section;

    public string Title => "Slow path: plugging in (with growth) and unplugging while vCPUs run";

    public int PlannedSteps(BenchMatrix matrix) =>
        SlowPathScenario.All.Count * matrix.SlowPathSamples * Strategies.Length + RunDefaultsPlugCell.Steps(matrix) + ScaleCells.Steps;

    public SectionOutcome Measure(BenchMatrix matrix, IHypervisor hypervisor, IBenchProgress progress, CancellationToken cancellationToken)
    {
        var cells = new List<CellResult>();
        var notes = new List<SectionNote>();
        foreach (var scenario in SlowPathScenario.All)
        {
            progress.BeginPart($"slow path, {scenario.Name}");
            var samples = Strategies.ToDictionary(s => s, _ => (Create: new List<double>(), Growth: new List<double>(), Destroy: new List<double>()));
            var rounds = Strategies.ToDictionary(s => s, _ => new List<SlowPathSample>());
            // One sample per strategy first, not counted: the first plug and unplug of a process
            // compile their code (the first full run's slowest Fixed unplug, 5.4 ms, was its first
            // sample; the next slowest 0.97 ms), which is not what a VMM's hotplug costs.
            var warmUps = Strategies.ToDictionary(s => s, s => scenario.Sample(hypervisor, s, cancellationToken));
            for (int i = 0; i < matrix.SlowPathSamples; i++)
                foreach (var strategy in Strategies)
                {
                    var sample = scenario.Sample(hypervisor, strategy, cancellationToken);
                    samples[strategy].Create.Add(sample.Create);
                    if (sample.Growth is { } grew)
                        samples[strategy].Growth.Add(grew);
                    samples[strategy].Destroy.Add(sample.Destroy);
                    rounds[strategy].Add(sample);
                    progress.Advance($"{VcpuTableStrategyNames.NameOf(strategy)}, {scenario.Name}, sample {i + 1}/{matrix.SlowPathSamples}");
                }
            foreach (var strategy in Strategies)
            {
                var (create, growth, destroy) = samples[strategy];
                cells.Add(Cell(hypervisor, scenario, Plug, strategy, create));
                if (growth.Count > 0) // Fixed never grows
                    cells.Add(Cell(hypervisor, scenario, Growth, strategy, growth));
                cells.Add(Cell(hypervisor, scenario, Unplug, strategy, destroy));
                notes.Add(RoundsNote(scenario, strategy, rounds[strategy], warmUps[strategy]));
            }
        }
        var (runDefaults, runNotes) = RunDefaultsPlugCell.Measure(matrix, hypervisor, progress, cancellationToken);
        cells.Add(runDefaults);
        var (scale, scaleNotes) = ScaleCells.Measure(matrix, hypervisor, progress, cancellationToken);
        cells.AddRange(scale);
        return new SectionOutcome(cells, [.. notes, .. runNotes, .. scaleNotes]);
    }

    /// <summary>
    /// How often the plug and unplug of a sample had to wait for a vCPU's own thread (a
    /// table round, or a garbage collection's suspension), and what the slowest of each
    /// met: what bounds their p99 on a busy host, as counts rather than cells (they may well be 0).
    /// </summary>
    private static SectionNote RoundsNote(SlowPathScenario scenario, VcpuTableStrategy strategy, List<SlowPathSample> samples, SlowPathSample warmUp)
    {
        long all = samples.Sum(s => s.Rounds), waited = samples.Sum(s => s.RoundsThatWaited);
        int samplesThatWaited = samples.Count(s => s.RoundsThatWaited > 0);
        double ms = samples.Sum(s => s.RoundWaitMs);
        var slowestPlug = samples.MaxBy(s => s.Create);
        var slowestUnplug = samples.MaxBy(s => s.Destroy);
        return new SectionNote(Section,
            $"{VcpuTableStrategyNames.NameOf(strategy)}, {scenario.Name}: {waited} of {all} table update rounds waited for a vCPU inside a doorbell lookup "
            + $"({samplesThatWaited} of {samples.Count} samples; {Ms(ms)} ms of waiting in all); "
            + $"{samples.Count(s => s.CreateCollections > 0)} plugs and {samples.Count(s => s.DestroyCollections > 0)} unplugs saw a garbage collection; "
            + $"{samples.Count(s => s.CreateSwitches.Involuntary > 0)} plugs and {samples.Count(s => s.DestroySwitches.Involuntary > 0)} unplugs were preempted; "
            + $"slowest plug {Ms(slowestPlug.Create)} ms ({Causes(slowestPlug.CreateCollections, slowestPlug.CreateSwitches, slowestPlug)}), "
            + $"slowest unplug {Ms(slowestUnplug.Destroy)} ms ({Causes(slowestUnplug.DestroyCollections, slowestUnplug.DestroySwitches, slowestUnplug)}); "
            + $"the warm-up sample, not counted: plug {Ms(warmUp.Create)} ms, unplug {Ms(warmUp.Destroy)} ms");

        // Rounds are counted per sample (plug and unplug together), collections and switches per call.
        static string Causes(int collections, ThreadSwitches switches, SlowPathSample sample) =>
            $"collections during it: {collections}; its thread {switches}; rounds of its sample that waited: {sample.RoundsThatWaited}";
    }

    public IEnumerable<string> Verdict(BenchResults results)
    {
        foreach (var scenario in SlowPathScenario.All)
        {
            if (!results.InSection(Section).Any(c => c.Metric.EndsWith(scenario.Name, StringComparison.Ordinal)))
                continue;
            yield return $"**Slow path** (on {BenchResults.BackendOf(results.InSection(Section))}), one vCPU plugged into a VM of {scenario.Name} (growing the table) and unplugged, p99 over "
                + $"{results.Find(Section, Metric(scenario, Plug), VcpuTableStrategyNames.NameOf(VcpuTableStrategy.Fixed), scenario.Vcpus)?.Repeats.Count} VMs: "
                + string.Join("; ", Strategies.Select(s => $"{VcpuTableStrategyNames.NameOf(s)} table Add {P99(results.Find(Section, Metric(scenario, Growth), VcpuTableStrategyNames.NameOf(s), scenario.Vcpus))}, "
                    + $"plug {P99(results.Find(Section, Metric(scenario, Plug), VcpuTableStrategyNames.NameOf(s), scenario.Vcpus))}, "
                    + $"unplug {P99(results.Find(Section, Metric(scenario, Unplug), VcpuTableStrategyNames.NameOf(s), scenario.Vcpus))}"))
                + ".";
        }
        var scale = results.InSection(Section).Where(c => c.Metric == ScaleCells.Plugging).ToList();
        if (scale.Count > 0)
            yield return $"**Scale**, 2 to {scale[0].Size} vCPUs plugged one at a time under doorbells: "
                + string.Join("; ", scale.Select(c => $"{c.Subject} {c.Median.ToString("0.00", CultureInfo.InvariantCulture)} s, "
                    + $"plug p99 {P99(results.Find(Section, ScaleCells.PlugP99, c.Subject, c.Size))}, growth p99 {P99(results.Find(Section, ScaleCells.GrowthP99, c.Subject, c.Size))}"))
                + ".";
    }

    public void WriteReport(MarkdownDocument report, BenchResults results, ChartWriter charts)
    {
        report.Paragraph(
            $"Backend: {BenchResults.BackendOf(results.InSection(Section))}. "
            + "Each sample is a fresh VM: N vCPUs created and started (N a power of two, so the array tables are full), "
            + "then one more plugged in, then that one unplugged. A *plug* is the whole `CreateVcpu` call, which hands the vCPU "
            + "to a spare thread already running; *table Add that grew* is the table's part alone "
            + "(copy, publish, ask every vCPU's view to move, one look at each); an *unplug* (`DestroyVcpu`) unlinks the vCPU and tells "
            + "its thread to stop, waiting neither for it nor for the grace period (docs/vm.md). A table update round waits only for a vCPU "
            + "inside a doorbell lookup, and since issue 12's deferral no plug or unplug waits for that: the round ends on the grace-period "
            + "worker (docs/tables.md, \"Deferred retirement\"). The notes below count the rounds that waited (the sample pauses and audits "
            + "the VM after the unplug, so every deferred round has ended), and say of each call whether its thread blocked or was "
            + "preempted (`/proc/thread-self/status`). Each strategy's first sample of a scenario is a warm-up, not counted (the "
            + "first calls compile their code); its times are in the notes. fixed never grows, and radix's nodes hold 64 keys (it grows at 1, 64, 4096), so "
            + "a measure that did not grow has no Add row. Milliseconds; p99 is the nearest rank, which for fewer than 100 "
            + "samples is the maximum.");
        foreach (var scenario in SlowPathScenario.All)
        {
            report.Heading(3, scenario.Name);
            report.Table(["strategy", "measure", "p50", "p99", "max"],
                Strategies.SelectMany(s => new[] { Plug, Growth, Unplug }
                    .Select(m => results.Find(Section, Metric(scenario, m), VcpuTableStrategyNames.NameOf(s), scenario.Vcpus))
                    .OfType<CellResult>()
                    .Select(c => (IReadOnlyList<string>)[VcpuTableStrategyNames.NameOf(s), c.Metric[..c.Metric.IndexOf(',', StringComparison.Ordinal)],
                        Ms(c.Median), Ms(Percentiles.NearestRank(c.Repeats, 0.99)), Ms(c.Max)])));
        }
        WriteRunDefaults(report, results);
        WriteScale(report, results);
        report.Bullets(results.NotesOf(Section));
    }

    private static void WriteScale(MarkdownDocument report, BenchResults results)
    {
        var runs = results.InSection(Section).Where(c => c.Metric == ScaleCells.Plugging).ToList();
        if (runs.Count == 0)
            return;
        report.Heading(3, $"growing from 2 to {runs[0].Size} vCPUs under doorbells");
        report.Paragraph(
            "One run per strategy: 2 doorbell vCPUs started, then one `CreateVcpu` after another up to the top; each guest rings "
            + $"every id in turn {ScaleCells.Rings} times, then halts (its doorbells wake halted ones), so the vCPUs plugged last ring "
            + "while the next are plugged; then a second's run, a pause and the audit (`rcuvisor run --vcpus 2 --hotplug-to N "
            + $"--unplug 0 --rings {ScaleCells.Rings}`). Growth is each table Add that replaced the storage while vCPUs ran.");
        report.Table(["strategy", "time to plug them all (s)", "plug p99 (ms)", "growth p99 (ms)"],
            runs.Select(c => (IReadOnlyList<string>)[c.Subject, c.Median.ToString("0.00", CultureInfo.InvariantCulture),
                Ms(results.Find(Section, ScaleCells.PlugP99, c.Subject, c.Size)?.Median ?? double.NaN),
                results.Find(Section, ScaleCells.GrowthP99, c.Subject, c.Size) is { } growth ? Ms(growth.Median) : "– (never grows)"]));
    }

    private static void WriteRunDefaults(MarkdownDocument report, BenchResults results)
    {
        if (results.InSection(Section).FirstOrDefault(c => c.Metric == RunDefaultsPlugCell.Metric) is not { } cell)
            return;
        report.Heading(3, "rcuvisor run defaults");
        report.Paragraph(
            "`rcuvisor run`'s default plug pattern, shortened to the end-to-end run time: 4 doorbell vCPUs started, 12 more "
            + "plugged in one after another right away (to 16), 8 unplugged half-way, 4 interrupt lines signalled throughout, "
            + "cached-move. A repeat is one run's `stats.plugLatency` p99 (every CreateVcpu of the run, as `run --json` prints it).");
        report.Table(["runs", "median of the runs' p99", "largest p99"],
            [[cell.Repeats.Count.ToString(CultureInfo.InvariantCulture), Ms(cell.Median), Ms(cell.Max)]]);
    }

    private static CellResult Cell(IHypervisor hypervisor, SlowPathScenario scenario, string measure, VcpuTableStrategy strategy, List<double> milliseconds) =>
        new(Section, Metric(scenario, measure), VcpuTableStrategyNames.NameOf(strategy), scenario.Vcpus, "ms", milliseconds) { Backend = hypervisor.Name, Vm = scenario.Shape };

    /// <summary>A cell's metric: the measure, then the scenario ("plug (CreateVcpu), 8 busy vCPUs").</summary>
    public static string Metric(SlowPathScenario scenario, string measure) => $"{measure}, {scenario.Name}";

    private static string P99(CellResult? cell) => cell is null ? "–" : $"{Ms(Percentiles.NearestRank(cell.Repeats, 0.99))} ms";

    private static string Ms(double value) => value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture);
}
