using Rcuvisor.Backends;
using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>
/// Table bytes (<see cref="TableFootprint.Measure"/>: the table's own objects, not its
/// members, not the VM's shared domains) for a 1-vCPU VM at each maximum, and for a
/// fleet of small VMs. Computed, not timed: each cell has one repeat.
/// </summary>
internal sealed class MemorySection : IBenchSection
{
    public const string Section = "memory";
    public const string OneVcpu = "1 vCPU";
    private const string FleetSuffix = " VMs of 1 vCPU";
    private const string Unit = "bytes";
    private static readonly VcpuTableStrategy[] Strategies = Enum.GetValues<VcpuTableStrategy>();

    public string Key => Section;

    public string Title => "Memory: vCPU table bytes";

    public int PlannedSteps(BenchMatrix matrix) => Strategies.Length * (matrix.FootprintMaxima.Count + 1);

    public SectionOutcome Measure(BenchMatrix matrix, IHypervisor hypervisor, IBenchProgress progress, CancellationToken cancellationToken)
    {
        progress.BeginPart("memory");
        var cells = new List<CellResult>();
        foreach (var strategy in Strategies)
            foreach (int maximum in matrix.FootprintMaxima)
            {
                cancellationToken.ThrowIfCancellationRequested();
                cells.Add(new CellResult(Section, OneVcpu, VcpuTableStrategyNames.NameOf(strategy), maximum, Unit, [TableFootprint.Measure(strategy, 1, maximum)]));
                progress.Advance($"{strategy} footprint at {Figures.Power(maximum)}");
            }
        foreach (var strategy in Strategies)
        {
            // One table measured, multiplied: building ten thousand VMs would measure the allocator, not the tables.
            long perTable = TableFootprint.Measure(strategy, 1, matrix.SmallVmMaximum);
            cells.Add(new CellResult(Section, Fleet(matrix.SmallVms), VcpuTableStrategyNames.NameOf(strategy), matrix.SmallVmMaximum, Unit,
                [(double)perTable * matrix.SmallVms]));
            progress.Advance($"{strategy} fleet of {matrix.SmallVms:N0}");
        }
        return new SectionOutcome(cells);
    }

    public IEnumerable<string> Verdict(BenchResults results)
    {
        int largest = Maxima(results).LastOrDefault();
        var fleet = FleetCells(results).ToArray();
        string fleetText = fleet.Length == 0 ? "" :
            $" {fleet[0].Metric} at maximum {fleet[0].Size:N0}: "
            + string.Join(", ", fleet.Select(c => $"{c.Subject} {Figures.BinaryBytes(c.Median)}"))
            + " (computed as the count × one table's footprint).";
        double Bytes(VcpuTableStrategy s) => results.Find(Section, OneVcpu, VcpuTableStrategyNames.NameOf(s), largest)?.Median ?? double.NaN;
        double largestGrowable = Strategies.Where(s => s != VcpuTableStrategy.Fixed).Max(Bytes);
        yield return $"**Memory**, one 1-vCPU VM's table at maximum {Figures.Power(largest)}: "
            + string.Join(", ", Strategies.Select(s => $"{VcpuTableStrategyNames.NameOf(s)} {Figures.Bytes(Bytes(s))} B"))
            + $" (Fixed {Figures.Ratio(Bytes(VcpuTableStrategy.Fixed) / largestGrowable)} the largest growable table)." + fleetText;
    }

    public void WriteReport(MarkdownDocument report, BenchResults results, ChartWriter charts)
    {
        var maxima = Maxima(results);
        report.Paragraph(
            "Bytes the table owns (`TableFootprint.Measure`: its object, states, arrays, radix nodes, participant list; "
            + "not the members, not the VM's shared RCU/SRCU domains), MaxCount = MaxId = the maximum, one vCPU added "
            + "to a table that starts at capacity 1.");
        report.Image("table bytes of a 1-vCPU VM by maximum", charts.Lines("memory-one-vcpu.svg",
            "Table bytes of a 1-vCPU VM", "maximum vCPUs (MaxCount = MaxId)", "bytes (log)",
            [.. Strategies.Select(s => new ChartSeries(VcpuTableStrategyNames.NameOf(s), [.. maxima.Select(m => (double)m)],
                [.. maxima.Select(m => results.Find(Section, OneVcpu, VcpuTableStrategyNames.NameOf(s), m)?.Median ?? double.NaN)]))],
            logX: true, logY: true, formatX: x => Figures.Power((int)x)));
        report.Table(
            ["strategy", .. maxima.Select(Figures.Power)],
            Strategies.Select(s => (IReadOnlyList<string>)
                [VcpuTableStrategyNames.NameOf(s), .. maxima.Select(m => results.Find(Section, OneVcpu, VcpuTableStrategyNames.NameOf(s), m) is { } c ? Figures.Bytes(c.Median) : Figures.Missing)]));
        var fleet = FleetCells(results).ToArray();
        if (fleet.Length == 0)
            return;
        report.Paragraph($"{fleet[0].Metric}, each at maximum {fleet[0].Size:N0}: computed as the count × one table's "
            + "footprint (one table measured, not that many built).");
        report.Table(["strategy", "bytes", "total"],
            fleet.Select(c => (IReadOnlyList<string>)[c.Subject, Figures.Bytes(c.Median), Figures.BinaryBytes(c.Median)]));
    }

    private static string Fleet(int vms) => $"{vms:N0}{FleetSuffix}";

    private static int[] Maxima(BenchResults results) =>
        [.. results.InSection(Section).Where(c => c.Metric == OneVcpu).Select(c => c.Size ?? 0).Distinct().Order()];

    private static IEnumerable<CellResult> FleetCells(BenchResults results) =>
        results.InSection(Section).Where(c => c.Metric.EndsWith(FleetSuffix, StringComparison.Ordinal));
}
