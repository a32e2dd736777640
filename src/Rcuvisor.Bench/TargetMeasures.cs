using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>
/// The figures <see cref="BenchTargets"/> reads from a run: ratios of two medians of the same
/// run, the execution path's geometric means, and slow-path p99s (nearest rank, as the
/// section's table prints them). Each returns null when a cell it needs is missing.
/// </summary>
internal static class TargetMeasures
{
    private const string GraceSection = GracePeriodFixture.Section;

    /// <summary>Our grace-period cell's median over liburcu's for the same metric.</summary>
    public static TargetReading? VersusLiburcu(BenchResults results, string metric, string ours, string flavour, string? theirMetric = null) =>
        Ratio(results.Find(GraceSection, metric, ours), results.Find(LiburcuBaseline.Section, theirMetric ?? metric, flavour));

    /// <summary>One grace-period cell's median over another's.</summary>
    public static TargetReading? VersusOurs(BenchResults results, string metric, string subject, string baseline) =>
        Ratio(results.Find(GraceSection, metric, subject), results.Find(GraceSection, metric, baseline));

    /// <summary>A grace-period cell's own median, for an absolute target.</summary>
    public static TargetReading? Median(BenchResults results, string metric, string subject) =>
        results.Find(GraceSection, metric, subject) is { } cell ? new TargetReading(cell.Median) : null;

    /// <summary>The geometric mean over every size of the strategy's ratios to the plain array: of Get, GetById and Enumerate, or of one of them.</summary>
    public static TargetReading? TableScore(BenchResults results, VcpuTableStrategy strategy, string view, string? metric = null)
    {
        var figures = new ExecutionPathFigures(results);
        double score = metric is null ? figures.Score(strategy, view) : figures.Score(strategy, view, metric);
        return double.IsFinite(score) ? new TargetReading(score) : null;
    }

    /// <summary>The largest p99 of the slow-path cells named, and which it was; null unless every one was measured.</summary>
    public static TargetReading? WorstP99(BenchResults results, SlowPathScenario scenario, IEnumerable<string> measures, IEnumerable<VcpuTableStrategy> strategies)
    {
        var cells = (from measure in measures
                     from strategy in strategies
                     select results.Find(SlowPathSection.Section, SlowPathSection.Metric(scenario, measure), VcpuTableStrategyNames.NameOf(strategy), scenario.Vcpus))
            .ToArray();
        if (cells.Length == 0 || cells.Any(c => c is null))
            return null;
        var worst = cells.OfType<CellResult>().MaxBy(P99)!;
        return new TargetReading(P99(worst), $"worst: {worst.Subject}, {worst.Metric[..worst.Metric.IndexOf(',', StringComparison.Ordinal)]}");
    }

    /// <summary>One slow-path cell's p99.</summary>
    public static TargetReading? P99(BenchResults results, SlowPathScenario scenario, string measure, VcpuTableStrategy strategy) =>
        WorstP99(results, scenario, [measure], [strategy]) is { } reading ? reading with { Note = null } : null;

    private static double P99(CellResult cell) => Percentiles.NearestRank(cell.Repeats, 0.99);

    private static TargetReading? Ratio(CellResult? ours, CellResult? theirs) =>
        ours is null || theirs is null ? null : new TargetReading(ours.Median / theirs.Median);
}
