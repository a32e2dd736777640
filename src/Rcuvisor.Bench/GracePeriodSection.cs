using Rcuvisor.Backends;

namespace Rcuvisor.Bench;

/// <summary>Read-section cost, Synchronize latency and Defer throughput per domain, beside liburcu's where it is installed.</summary>
internal sealed class GracePeriodSection : IBenchSection
{
    private const string Rcu = GracePeriodFixture.Rcu;
    private const string Srcu = GracePeriodFixture.Srcu;
    private const string Qsbr = GracePeriodFixture.Qsbr;
    private const string ReadSection = GracePeriodFixture.ReadSection;

    public string Key => GracePeriodFixture.Section;

    public string Title => "Grace periods";

    public int PlannedSteps(BenchMatrix matrix) =>
        AlternatingRunner.StepsFor(GracePeriodFixture.CellCount, matrix.Repeats) + ReadersUpdaterCells.Steps(matrix) + 1;

    public SectionOutcome Measure(BenchMatrix matrix, IHypervisor hypervisor, IBenchProgress progress, CancellationToken cancellationToken)
    {
        progress.BeginPart("grace periods");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var cells = new List<CellResult>();
        using (var fixture = new GracePeriodFixture(matrix))
            cells.AddRange(new AlternatingRunner(matrix, progress, cancellationToken).Run(fixture.Cells()));
        progress.BeginPart("readers and an updater");
        GC.Collect();
        cells.AddRange(ReadersUpdaterCells.Measure(matrix, progress, cancellationToken));
        progress.BeginPart("liburcu baseline (C)");
        var baseline = LiburcuBaseline.Run(matrix, cancellationToken);
        progress.Advance("liburcu baseline");
        cells.AddRange(baseline.Cells);
        var notes = baseline.SkipReason is { } reason
            ? [new SectionNote(LiburcuBaseline.Section, $"liburcu baseline skipped: {reason}.")]
            : baseline.BuildCommands.Select(command => new SectionNote(LiburcuBaseline.Section, command)).ToList();
        return new SectionOutcome(cells, notes);
    }

    public IEnumerable<string> Verdict(BenchResults results)
    {
        var figures = new GracePeriodFigures(results);
        string sync = GracePeriodFixture.Synchronize(figures.IdleReaders);
        yield return "**Grace periods**, read section (enter + exit): "
            + $"{Rcu} {Ns(figures.Ours(ReadSection, Rcu))}{Versus(figures, ReadSection, Rcu, LiburcuBaseline.Memb, Ns)} "
            + $"(thread reader {Ns(figures.Ours(ReadSection, GracePeriodFixture.RcuThreadReader))}), "
            + $"{Srcu} {Ns(figures.Ours(ReadSection, Srcu))} (token {Ns(figures.Ours(ReadSection, GracePeriodFixture.SrcuToken))}), "
            + $"{Qsbr} no code by design, its loop {Ns(figures.Ours(ReadSection, Qsbr))}{Versus(figures, ReadSection, Qsbr, LiburcuBaseline.Qsbr, Ns)}. "
            + $"{sync}: {Rcu} {Us(figures.Ours(sync, Rcu))}{Versus(figures, sync, Rcu, LiburcuBaseline.Memb, Us)}, "
            + $"{Qsbr} {Us(figures.Ours(sync, Qsbr))}{Versus(figures, sync, Qsbr, LiburcuBaseline.Qsbr, Us)}, "
            + $"{Srcu} {Us(figures.Ours(sync, Srcu))}. "
            + $"Defer: {string.Join(", ", figures.Defer().Select(c => $"{c.Subject} {PerSecond(c.Median)}"))} callbacks/s reclaimed."
            + (results.NotesOf(LiburcuBaseline.Section).FirstOrDefault(n => n.StartsWith("liburcu baseline skipped", StringComparison.Ordinal)) is { } skipped
                ? $" ({skipped})"
                : "");
    }

    public void WriteReport(MarkdownDocument report, BenchResults results, ChartWriter charts)
    {
        var figures = new GracePeriodFigures(results);
        report.Paragraph(
            "Loops shaped as bench/Rcuvisor.Benchmarks (ReadSection, Synchronize, Defer) and as "
            + "bench/baselines/liburcu/rcu_bench.c, which runs the same calibrate-warm-alternate scheme in C against "
            + "liburcu's memb and qsbr flavours (inlined read side, `_LGPL_SOURCE`, as liburcu's own benchmarks use it). "
            + "Idle readers are threads registered with the domain that then block outside any read section "
            + "(QSBR threads offline, as they must be before blocking).");
        report.Bullets(results.NotesOf(LiburcuBaseline.Section).Select(n => n.StartsWith("cc ", StringComparison.Ordinal) ? $"built with `{n}`" : n));
        report.Heading(3, "Read-section cost");
        report.Table(["cell", "ns per section", "×empty loop", "liburcu counterpart", "liburcu ns", "ours ÷ liburcu"],
            figures.ReadSectionRows().Select(row => ReadRow(figures, row)));
        report.Image("read-section cost, ours and liburcu's", charts.Bars("grace-read-sections.svg",
            "Read section (enter + exit), ns: ours blue, liburcu orange", "ns (log)", figures.ReadSectionBars(), logY: true));
        report.Heading(3, "Synchronize latency");
        report.Table(["domain", "readers", "µs per grace period", "liburcu counterpart", "liburcu µs", "ours ÷ liburcu"],
            figures.SynchronizeRows().Select(row => SyncRow(figures, row)));
        report.Heading(3, "Readers and an updater");
        report.Paragraph(
            "liburcu's test_urcu shape (tests/benchmark/test_urcu.c): reader threads loop read lock, load the shared pointer, "
            + "read unlock (QSBR: a quiescent state every 1024 reads, as test_urcu_qsbr); one updater loops: allocate, publish "
            + "by exchange, synchronize, poison (C: free) the old object. Threads are started afresh for each run, which lasts "
            + "the run time; millions per second, ours beside the liburcu flavour of the same kind. Our RcuDomain readers "
            + "enter through `rcu.ThreadReader()` (the thread's slot found once, as a liburcu reader registers once), and our "
            + "loops are compiled fully optimised at their first call. liburcu's updates/s depends on the process that starts "
            + "it (docs/benchmarks.md, the fifth session's run).");
        report.Table(["domain", "readers", "M reads/s", "liburcu", "ours ÷ liburcu", "k updates/s", "liburcu", "ours ÷ liburcu"],
            figures.ReadersUpdaterRows().Select(row => UpdaterRow(figures, row)));
        report.Heading(3, "Defer throughput");
        report.Paragraph("Each repetition queues a batch of no-op callbacks, then `Barrier()` waits until all have run after their grace period.");
        report.Table(["domain", "ns per callback", "callbacks per second"],
            figures.Defer().Select(c => (IReadOnlyList<string>)[c.Subject, Figures.WithRange(c, Figures.Nanoseconds), PerSecond(c.Median)]));
    }

    private static string[] ReadRow(GracePeriodFigures figures, (string Metric, string Subject, string Label, string? Counterpart) row)
    {
        var ours = figures.Ours(row.Metric, row.Subject);
        var theirs = row.Counterpart is null ? null : figures.Liburcu(row.Metric, row.Counterpart);
        var empty = figures.Ours(ReadSection, GracePeriodFixture.EmptyLoop);
        return [row.Label, Figures.WithRange(ours, Figures.Nanoseconds), Figures.Ratio(ours?.Median / empty?.Median),
            row.Counterpart ?? "none", Figures.WithRange(theirs, Figures.Nanoseconds), Figures.Ratio(ours?.Median / theirs?.Median)];
    }

    private static string[] SyncRow(GracePeriodFigures figures, (string Metric, string Subject, string Readers, string? Counterpart) row)
    {
        var ours = figures.Ours(row.Metric, row.Subject);
        var theirs = row.Counterpart is null ? null : figures.Liburcu(row.Metric, row.Counterpart);
        return [row.Subject, row.Readers, Figures.WithRange(ours, Figures.Microseconds),
            row.Counterpart ?? "none", Figures.WithRange(theirs, Figures.Microseconds), Figures.Ratio(ours?.Median / theirs?.Median)];
    }

    private static string[] UpdaterRow(GracePeriodFigures figures, (string Subject, int Readers, string Counterpart) row)
    {
        var reads = figures.Ours(ReadersUpdaterCells.Reads(row.Readers), row.Subject);
        var theirReads = figures.Liburcu(ReadersUpdaterCells.Reads(row.Readers), row.Counterpart);
        var updates = figures.Ours(ReadersUpdaterCells.Updates(row.Readers), row.Subject);
        var theirUpdates = figures.Liburcu(ReadersUpdaterCells.Updates(row.Readers), row.Counterpart);
        return [row.Subject, $"{row.Readers}", Figures.WithRange(reads, v => Figures.Rate(v / 1e6)), Figures.WithRange(theirReads, v => Figures.Rate(v / 1e6)),
            Figures.Ratio(reads?.Median / theirReads?.Median), Figures.WithRange(updates, v => Figures.Rate(v / 1e3)),
            Figures.WithRange(theirUpdates, v => Figures.Rate(v / 1e3)), Figures.Ratio(updates?.Median / theirUpdates?.Median)];
    }

    private static string Versus(GracePeriodFigures figures, string metric, string subject, string flavour, Func<CellResult?, string> format)
    {
        var ours = figures.Ours(metric, subject);
        var theirs = figures.Liburcu(metric, flavour);
        return theirs is null || ours is null ? "" : $" (liburcu {flavour[8..]} {format(theirs)}; ours {Figures.Ratio(ours.Median / theirs.Median)})";
    }

    private static string Ns(CellResult? cell) => cell is null ? Figures.Missing : $"{Figures.Nanoseconds(cell.Median)} ns";

    private static string Us(CellResult? cell) => cell is null ? Figures.Missing : $"{Figures.Microseconds(cell.Median)} µs";

    private static string PerSecond(double nsPerCallback) => $"{1e9 / nsPerCallback / 1e6:0.0} million";
}
