namespace Rcuvisor.Bench;

/// <summary>The grace-period and liburcu cells of a run, paired up for the report.</summary>
internal sealed class GracePeriodFigures(BenchResults results)
{
    private const string Section = GracePeriodFixture.Section;
    private const string ReadSection = GracePeriodFixture.ReadSection;

    /// <summary>The idle-reader count of this run's Synchronize cells (the one that is not zero).</summary>
    public int IdleReaders { get; } = ReadersOf(results, " idle readers");

    /// <summary>The busy-reader count of this run's Synchronize cells; 0 for a run (an older results.json) without them.</summary>
    public int BusyReaders { get; } = ReadersOf(results, " busy readers");

    public CellResult? Ours(string metric, string subject) => results.Find(Section, metric, subject);

    public CellResult? Liburcu(string metric, string subject) => results.Find(LiburcuBaseline.Section, metric, subject);

    public IEnumerable<CellResult> Defer() => results.InSection(Section).Where(c => c.Metric == GracePeriodFixture.Defer);

    /// <summary>Our cell, its label, and liburcu's counterpart subject (null: liburcu has none).</summary>
    public IEnumerable<(string Metric, string Subject, string Label, string? Counterpart)> ReadSectionRows() =>
    [
        (ReadSection, GracePeriodFixture.EmptyLoop, "empty loop", LiburcuBaseline.EmptyLoopOf(LiburcuBaseline.Memb)),
        (ReadSection, GracePeriodFixture.Rcu, "RcuDomain read section", LiburcuBaseline.Memb),
        (ReadSection, GracePeriodFixture.RcuThreadReader, "RcuDomain read section (thread reader)", LiburcuBaseline.Memb),
        (ReadSection, GracePeriodFixture.Srcu, "SrcuDomain read section (one-thread scope)", null),
        (ReadSection, GracePeriodFixture.SrcuToken, "SrcuDomain read section (token, may change threads)", null),
        (ReadSection, GracePeriodFixture.Qsbr, "QsbrDomain read section (no code)", LiburcuBaseline.Qsbr),
        (GracePeriodFixture.QuiescentState, GracePeriodFixture.Qsbr, "QsbrDomain QuiescentState (per call)", LiburcuBaseline.Qsbr),
        (GracePeriodFixture.QuiescentState, GracePeriodFixture.QsbrThreadReader, "QsbrDomain QuiescentState (thread reader)", LiburcuBaseline.Qsbr),
    ];

    /// <summary>Our Synchronize cells, the readers they ran beside ("none", "2 idle", "2 busy"), and liburcu's counterpart.</summary>
    public IEnumerable<(string Metric, string Subject, string Readers, string? Counterpart)> SynchronizeRows()
    {
        var groups = new[] { 0, IdleReaders }.Distinct()
            .Select(readers => (Metric: GracePeriodFixture.Synchronize(readers), Readers: readers == 0 ? "none" : $"{readers} idle"));
        if (BusyReaders > 0)
            groups = groups.Append((GracePeriodFixture.SynchronizeBusy(BusyReaders), $"{BusyReaders} busy"));
        return groups.SelectMany(group => new (string, string, string, string?)[]
        {
            (group.Metric, GracePeriodFixture.Rcu, group.Readers, LiburcuBaseline.Memb),
            (group.Metric, GracePeriodFixture.Qsbr, group.Readers, LiburcuBaseline.Qsbr),
            (group.Metric, GracePeriodFixture.Srcu, group.Readers, null),
        });
    }

    /// <summary>The readers-and-updater rows: our domain, its reader count, and liburcu's flavour of the same kind.</summary>
    public IEnumerable<(string Subject, int Readers, string Counterpart)> ReadersUpdaterRows()
    {
        var readers = results.InSection(Section).Where(c => c.Unit == ReadersUpdaterCells.ReadsUnit)
            .Select(c => int.Parse(c.Metric.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).Distinct();
        return readers.SelectMany(n => new[] { (GracePeriodFixture.Rcu, n, LiburcuBaseline.Memb), (GracePeriodFixture.Qsbr, n, LiburcuBaseline.Qsbr) });
    }

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

    private static int ReadersOf(BenchResults results, string suffix) => results.InSection(Section)
        .Select(c => c.Metric)
        .Where(m => m.StartsWith("Synchronize, ", StringComparison.Ordinal) && m.EndsWith(suffix, StringComparison.Ordinal))
        .Select(m => int.Parse(m["Synchronize, ".Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))
        .FirstOrDefault();

    private static string ShortLabel(string label) =>
        label.Replace(" read section", "", StringComparison.Ordinal).Replace(" QuiescentState (per call)", " QS", StringComparison.Ordinal);
}
