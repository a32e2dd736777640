using Rcuvisor.Backends;
using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>vCPU table reads per strategy, own view and foreign view, against a plain array and a ConcurrentDictionary.</summary>
internal sealed class ExecutionPathSection : IBenchSection
{
    private static readonly string[] Metrics = [TableReadFixture.Get, TableReadFixture.GetById, TableReadFixture.Enumerate];
    private static readonly VcpuTableStrategy[] Strategies = Enum.GetValues<VcpuTableStrategy>();

    public string Key => TableReadFixture.Section;

    public string Title => "Execution path: vCPU table reads";

    public int PlannedSteps(BenchMatrix matrix) =>
        matrix.TableMembers.Count * AlternatingRunner.StepsFor(TableReadFixture.CellCount, matrix.Repeats);

    public SectionOutcome Measure(BenchMatrix matrix, IHypervisor hypervisor, IBenchProgress progress, CancellationToken cancellationToken)
    {
        var cells = new List<CellResult>();
        foreach (int members in matrix.TableMembers)
        {
            progress.BeginPart($"execution path, {members} vCPU{(members == 1 ? "" : "s")}");
            // The previous group's tables are garbage now: collect them before timing, not during.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var fixture = new TableReadFixture(members);
            cells.AddRange(new AlternatingRunner(matrix, progress, cancellationToken).Run(fixture.Cells()));
        }
        return new SectionOutcome(cells);
    }

    public IEnumerable<string> Verdict(BenchResults results)
    {
        var figures = new ExecutionPathFigures(results);
        var own = Strategies.ToDictionary(s => s, s => figures.Score(s, TableReadFixture.Own));
        var foreign = Strategies.ToDictionary(s => s, s => figures.Score(s, TableReadFixture.Foreign));
        var growable = Strategies.Where(s => s != VcpuTableStrategy.Fixed).OrderBy(s => own[s]).ToArray();
        string sizes = string.Join(", ", figures.Members);
        yield return $"**Execution path, vCPU thread** (own view; geometric mean over Get, GetById and enumeration at {sizes} vCPUs, "
            + $"as a multiple of the plain array): {Ranking(own)}. "
            + $"**{growable[0]} wins** among the designs that can grow: {Figures.Ratio(own[growable[0]])} the array, "
            + $"{Figures.Ratio(own[growable[1]] / own[growable[0]])} cheaper than the next, {growable[1]}; "
            + $"Fixed, which cannot grow, {Figures.Ratio(own[VcpuTableStrategy.Fixed])}."
            + LargestGet(figures);
        yield return $"**Execution path, foreign thread** (guard + read, same mean): {Ranking(foreign)}; "
            + $"ConcurrentDictionary GetById {Figures.Ratio(figures.DictionaryScore())} the array Get.";
    }

    public void WriteReport(MarkdownDocument report, BenchResults results, ChartWriter charts)
    {
        var figures = new ExecutionPathFigures(results);
        report.Paragraph(
            "Each cell is a loop of lookups (Get, GetById: ids cycle through the members) or of full walks (Enumerate) "
            + "in its own non-inlined method, timed with a Stopwatch. Own view: the measuring thread is the participant "
            + "(attached, resumed, parked at the end), as a vCPU thread reads its peers. Foreign view: a guard per lookup "
            + "or walk (`using var view = table.ReadForeign()`), as an interrupt injector takes one per signal. "
            + "Figures are ns per lookup or per walk: median (min–max of the repeats); ×array divides by the plain array's "
            + "median of the same run (Get and GetById by the array's Get, Enumerate by the array's walk).");
        report.Image("Get, ns per lookup, own view", charts.Lines("execution-own-get.svg",
            "vCPU-thread Get (own view), ns per lookup", "vCPUs", "ns per lookup (log)",
            [Series(figures, TableReadFixture.Get, TableReadFixture.ArraySubject, "plain array"),
             Series(figures, TableReadFixture.GetById, TableReadFixture.DictionarySubject, "ConcurrentDictionary (GetById)"),
             .. Strategies.Select(s => Series(figures, TableReadFixture.Get, TableReadFixture.Subject(s, TableReadFixture.Own), VcpuTableStrategyNames.NameOf(s)))],
            logX: true, logY: true));
        report.Image("Get, ns per lookup, foreign view", charts.Lines("execution-foreign-get.svg",
            "Foreign-thread Get (guard + Get), ns per lookup", "vCPUs", "ns per lookup (log)",
            [Series(figures, TableReadFixture.Get, TableReadFixture.ArraySubject, "plain array"),
             .. Strategies.Select(s => Series(figures, TableReadFixture.Get, TableReadFixture.Subject(s, TableReadFixture.Foreign), VcpuTableStrategyNames.NameOf(s)))],
            logX: true, logY: true));
        foreach (int members in figures.Members)
        {
            report.Heading(3, $"{members} vCPU{(members == 1 ? "" : "s")}");
            report.Table(
                ["reader", "Get ns", "×array", "GetById ns", "×array Get", "Enumerate ns", "×array walk"],
                Subjects().Select(subject => Row(figures, subject, members)));
        }
    }

    private static IEnumerable<string> Subjects() =>
        [TableReadFixture.ArraySubject, TableReadFixture.DictionarySubject,
         .. Strategies.Select(s => TableReadFixture.Subject(s, TableReadFixture.Own)),
         .. Strategies.Select(s => TableReadFixture.Subject(s, TableReadFixture.Foreign))];

    private static string[] Row(ExecutionPathFigures figures, string subject, int members) =>
        [subject, .. Metrics.SelectMany(metric => new[]
        {
            Figures.WithRange(figures.Cell(metric, subject, members), Figures.Nanoseconds),
            Figures.Ratio(figures.Ratio(metric, subject, members)),
        })];

    private static ChartSeries Series(ExecutionPathFigures figures, string metric, string subject, string name)
    {
        var points = figures.Members
            .Select(m => (Members: m, Cell: figures.Cell(metric, subject, m)))
            .Where(p => p.Cell is not null)
            .ToArray();
        return new ChartSeries(name, [.. points.Select(p => (double)p.Members)], [.. points.Select(p => p.Cell!.Median)]);
    }

    /// <summary>The absolute figures behind the ratios, at the largest size measured.</summary>
    private static string LargestGet(ExecutionPathFigures figures)
    {
        if (figures.Members.Count == 0)
            return "";
        int largest = figures.Members[^1];
        string Get(string subject) => figures.Cell(TableReadFixture.Get, subject, largest) is { } c ? $"{Figures.Nanoseconds(c.Median)} ns" : Figures.Missing;
        return $" Own-view Get at {largest:N0} vCPUs: array {Get(TableReadFixture.ArraySubject)}, "
            + string.Join(", ", Strategies.Select(s => $"{VcpuTableStrategyNames.NameOf(s)} {Get(TableReadFixture.Subject(s, TableReadFixture.Own))}")) + ".";
    }

    private static string Ranking(Dictionary<VcpuTableStrategy, double> scores) =>
        string.Join(", ", scores.OrderBy(p => p.Value).Select(p => $"{p.Key} {Figures.Ratio(p.Value)}"));
}
