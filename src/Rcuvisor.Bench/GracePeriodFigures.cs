namespace Rcuvisor.Bench;

/// <summary>The grace-period and liburcu cells of a run, paired up for the report.</summary>
internal sealed class GracePeriodFigures(BenchResults results)
{
    private const string Section = GracePeriodFixture.Section;
    private const string ReadSection = GracePeriodFixture.ReadSection;

    /// <summary>The idle-reader count of this run's Synchronize cells (the one that is not zero).</summary>
    public int IdleReaders { get; } = results.InSection(Section)
        .Select(c => c.Metric)
        .Where(m => m.StartsWith("Synchronize, ", StringComparison.Ordinal) && char.IsDigit(m["Synchronize, ".Length]))
        .Select(m => int.Parse(m["Synchronize, ".Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))
        .FirstOrDefault();

    public CellResult? Ours(string metric, string subject) => results.Find(Section, metric, subject);

    public CellResult? Liburcu(string metric, string subject) => results.Find(LiburcuBaseline.Section, metric, subject);

    public IEnumerable<CellResult> Defer() => results.InSection(Section).Where(c => c.Metric == GracePeriodFixture.Defer);

    /// <summary>Our cell, its label, and liburcu's counterpart subject (null: liburcu has none).</summary>
    public IEnumerable<(string Metric, string Subject, string Label, string? Counterpart)> ReadSectionRows() =>
    [
        (ReadSection, GracePeriodFixture.EmptyLoop, "empty loop", LiburcuBaseline.EmptyLoopOf(LiburcuBaseline.Memb)),
        (ReadSection, GracePeriodFixture.Rcu, "RcuDomain read section", LiburcuBaseline.Memb),
        (ReadSection, GracePeriodFixture.Srcu, "SrcuDomain read section", null),
        (ReadSection, GracePeriodFixture.Qsbr, "QsbrDomain read section (no code)", LiburcuBaseline.Qsbr),
        (GracePeriodFixture.QuiescentState, GracePeriodFixture.Qsbr, "QsbrDomain QuiescentState (per call)", LiburcuBaseline.Qsbr),
    ];

    public IEnumerable<(string Metric, string Subject, int Readers, string? Counterpart)> SynchronizeRows() =>
        new[] { 0, IdleReaders }.Distinct().SelectMany(readers => new (string, string, int, string?)[]
        {
            (GracePeriodFixture.Synchronize(readers), GracePeriodFixture.Rcu, readers, LiburcuBaseline.Memb),
            (GracePeriodFixture.Synchronize(readers), GracePeriodFixture.Qsbr, readers, LiburcuBaseline.Qsbr),
            (GracePeriodFixture.Synchronize(readers), GracePeriodFixture.Srcu, readers, null),
        });

    /// <summary>Read-section medians, ours (blue) and liburcu's (orange), for the bar chart.</summary>
    public IReadOnlyList<ChartBar> ReadSectionBars()
    {
        var bars = new List<ChartBar>();
        foreach (var (metric, subject, label, counterpart) in ReadSectionRows())
        {
            if (Ours(metric, subject) is { } ours)
                bars.Add(new ChartBar(ShortLabel(label), ours.Median, Baseline: false));
            if (counterpart is not null && Liburcu(metric, counterpart) is { } theirs)
            {
                string theirLabel = counterpart.Replace("liburcu-", "C ", StringComparison.Ordinal);
                bars.Add(new ChartBar(metric == GracePeriodFixture.QuiescentState ? $"{theirLabel} QS" : theirLabel, theirs.Median, Baseline: true));
            }
        }
        return bars;
    }

    private static string ShortLabel(string label) =>
        label.Replace(" read section", "", StringComparison.Ordinal).Replace(" QuiescentState (per call)", " QS", StringComparison.Ordinal);
}
