using Rcuvisor.Backends;
using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>
/// Doorbell interrupts delivered per second, per strategy and vCPU count, on the chosen
/// backend (sim or kvm), as ratios to Fixed: the whole exit path (exit, own-view lookup of the target, queue,
/// kick, injection) with the table's read in it. Strategies alternate run by run.
/// </summary>
internal sealed class EndToEndSection : IBenchSection
{
    public const string Section = "end-to-end";
    public const string Rate = "doorbell interrupts/s";
    public const string RatioToFixed = "ratio to fixed";
    private static readonly VcpuTableStrategy[] Strategies = Enum.GetValues<VcpuTableStrategy>();

    public string Key => Section;

    public string Title => "End to end: doorbell interrupts per second";

    public int PlannedSteps(BenchMatrix matrix) => matrix.DoorbellVcpus.Count * matrix.DoorbellRepeats * Strategies.Length;

    public SectionOutcome Measure(BenchMatrix matrix, IHypervisor hypervisor, IBenchProgress progress, CancellationToken cancellationToken)
    {
        var cells = new List<CellResult>();
        var notes = new List<SectionNote>();
        foreach (int vcpus in matrix.DoorbellVcpus)
        {
            progress.BeginPart($"end to end, {vcpus} vCPUs");
            var rates = Strategies.ToDictionary(s => s, _ => new List<double>());
            for (int round = 0; round < matrix.DoorbellRepeats; round++)
                foreach (var strategy in Strategies)
                {
                    var (rate, violations) = DoorbellRun.Measure(hypervisor, strategy, vcpus, matrix.DoorbellRunTime, cancellationToken);
                    rates[strategy].Add(rate);
                    notes.AddRange(violations.Select(v => new SectionNote(Section, $"{VcpuTableStrategyNames.NameOf(strategy)} at {vcpus} vCPUs, run {round + 1}: audit failed: {v}")));
                    progress.Advance($"{VcpuTableStrategyNames.NameOf(strategy)} {vcpus} vCPUs run {round + 1}/{matrix.DoorbellRepeats}");
                }
            foreach (var strategy in Strategies)
            {
                cells.Add(new CellResult(Section, Rate, VcpuTableStrategyNames.NameOf(strategy), vcpus, "interrupts/s", rates[strategy]) { Backend = hypervisor.Name, Vm = DoorbellRun.Shape(vcpus) });
                // Paired by round: each ratio compares runs made one after the other; a stalled
                // fixed run (reported as an audit note) has no ratio to give.
                var paired = rates[strategy].Zip(rates[VcpuTableStrategy.Fixed]).Where(p => p.Second > 0).Select(p => p.First / p.Second).ToList();
                cells.Add(new CellResult(Section, RatioToFixed, VcpuTableStrategyNames.NameOf(strategy), vcpus, "x", paired) { Backend = hypervisor.Name, Vm = DoorbellRun.Shape(vcpus) });
            }
        }
        return new SectionOutcome(cells, notes);
    }

    public IEnumerable<string> Verdict(BenchResults results)
    {
        var sizes = Sizes(results);
        if (sizes.Length == 0)
            yield break;
        yield return $"**End to end** (on {BenchResults.BackendOf(results.InSection(Section))}, doorbell guests ringing each other, ratio to fixed paired run by run, median): "
            + string.Join("; ", sizes.Select(n => $"{n} vCPUs: fixed {PerSecond(results.Find(Section, Rate, VcpuTableStrategyNames.NameOf(VcpuTableStrategy.Fixed), n))}/s, "
                + string.Join(", ", Strategies.Where(s => s != VcpuTableStrategy.Fixed)
                    .Select(s => $"{VcpuTableStrategyNames.NameOf(s)} {Figures.Ratio(results.Find(Section, RatioToFixed, VcpuTableStrategyNames.NameOf(s), n)?.Median)}"))))
            + "." + AuditNote(results);
    }

    public void WriteReport(MarkdownDocument report, BenchResults results, ChartWriter charts)
    {
        report.Paragraph(
            $"Backend: {BenchResults.BackendOf(results.InSection(Section))}. "
            + $"Each run: a fresh VM of N vCPUs running the doorbell guest (work loop of {DoorbellRun.Work} iterations, then an OUT "
            + "naming the next vCPU id, forever); the exit handler finds the target through the vCPU's own view of the table, "
            + "queues an interrupt and kicks it. Deliveries are counted over the run's window after a 100 ms warm-up, then the "
            + "VM is paused and audited. Strategies alternate run by run; a ratio is computed per round, then the median taken.");
        foreach (int n in Sizes(results))
        {
            report.Heading(3, $"{n} vCPUs");
            report.Table(["strategy", "delivered/s, median (min–max)", "ratio to fixed, median (min–max)"],
                Strategies.Select(s => (IReadOnlyList<string>)[VcpuTableStrategyNames.NameOf(s),
                    Figures.WithRange(results.Find(Section, Rate, VcpuTableStrategyNames.NameOf(s), n), v => PerSecond(v)),
                    Figures.WithRange(results.Find(Section, RatioToFixed, VcpuTableStrategyNames.NameOf(s), n), v => v.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))]));
        }
        var largest = Sizes(results).LastOrDefault();
        if (largest > 0)
            report.Image($"delivered interrupts per second at {largest} vCPUs", charts.Bars($"end-to-end-{largest}.svg",
                $"Doorbell interrupts per second, {largest} vCPUs", "interrupts/s",
                [.. Strategies.Select(s => new ChartBar(VcpuTableStrategyNames.NameOf(s), results.Find(Section, Rate, VcpuTableStrategyNames.NameOf(s), largest)?.Median ?? double.NaN, false))],
                logY: false));
        foreach (string note in results.NotesOf(Section))
            report.Paragraph(note);
    }

    private static string AuditNote(BenchResults results) =>
        results.NotesOf(Section).Any() ? " **An audit failed; see the section.**" : " Every run's audit passed.";

    private static string PerSecond(CellResult? cell) => cell is null ? Figures.Missing : PerSecond(cell.Median);

    private static string PerSecond(double value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static int[] Sizes(BenchResults results) =>
        [.. results.InSection(Section).Select(c => c.Size ?? 0).Distinct().Order()];
}
