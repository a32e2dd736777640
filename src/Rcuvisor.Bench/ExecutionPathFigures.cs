using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>The execution-path cells of a run, and their ratios to the plain array of the same run.</summary>
internal sealed class ExecutionPathFigures(BenchResults results)
{
    private static readonly string[] Metrics = [TableReadFixture.Get, TableReadFixture.GetById, TableReadFixture.Enumerate];

    public IReadOnlyList<int> Members { get; } =
        [.. results.InSection(TableReadFixture.Section).Select(c => c.Size ?? 0).Distinct().Order()];

    public CellResult? Cell(string metric, string subject, int members) =>
        results.Find(TableReadFixture.Section, metric, subject, members);

    /// <summary>Median over the array's median: Get and GetById against the array's Get, walks against its walk.</summary>
    public double? Ratio(string metric, string subject, int members)
    {
        string baselineMetric = metric == TableReadFixture.Enumerate ? TableReadFixture.Enumerate : TableReadFixture.Get;
        var cell = Cell(metric, subject, members);
        var baseline = Cell(baselineMetric, TableReadFixture.ArraySubject, members);
        return cell is null || baseline is null ? null : cell.Median / baseline.Median;
    }

    /// <summary>One figure per strategy and view: the geometric mean of its ratios over every metric and size.</summary>
    public double Score(VcpuTableStrategy strategy, string view)
    {
        string subject = TableReadFixture.Subject(strategy, view);
        return GeometricMean(Members.SelectMany(m => Metrics.Select(metric => Ratio(metric, subject, m)))
            .OfType<double>());
    }

    /// <summary>One metric alone (Enumerate, say): the geometric mean of its ratios over every size.</summary>
    public double Score(VcpuTableStrategy strategy, string view, string metric) =>
        GeometricMean(Members.Select(m => Ratio(metric, TableReadFixture.Subject(strategy, view), m)).OfType<double>());

    public double DictionaryScore() =>
        GeometricMean(Members.Select(m => Ratio(TableReadFixture.GetById, TableReadFixture.DictionarySubject, m))
            .OfType<double>());

    /// <summary>The geometric mean: the fair average of ratios (2× and ½ cancel).</summary>
    internal static double GeometricMean(IEnumerable<double> values)
    {
        var logs = values.Select(v => Math.Log(v)).ToArray();
        return logs.Length == 0 ? double.NaN : Math.Exp(logs.Average());
    }
}
