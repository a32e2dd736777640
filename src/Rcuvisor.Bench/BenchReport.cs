using System.Globalization;

namespace Rcuvisor.Bench;

/// <summary>report.md: the targets table, a one-screen verdict, then each section's tables and charts, then the method.</summary>
internal static class BenchReport
{
    /// <summary>The verdict's bullets, machine first: also what the command prints at the end.</summary>
    public static IReadOnlyList<string> Verdict(BenchResults results) =>
    [
        $"**Machine**: {results.Machine.Describe()}.",
        TargetsSummary(results.Targets),
        .. BenchPlan.Sections.SelectMany(section => section.Verdict(results)),
        $"**Not measured yet**: {string.Join("; ", results.NotMeasured.Select(s => $"{s.Title} needs {s.Needs}"))}.",
    ];

    private static string TargetsSummary(IReadOnlyList<BenchTarget> targets) =>
        $"**Targets** (issues 11 and 12; report.md's first table): {targets.Count(t => t.Met == true)} met, "
        + $"{targets.Count(t => t.Met == false)} missed, {targets.Count(t => t.Met is null)} not measured, of {targets.Count}.";

    private static string[] TargetRow(BenchTarget target) =>
    [
        target.Name, $"#{target.Issue}", target.Measured is { } value ? Measured(value, target.Unit) : Figures.Missing, target.Target,
        target.Met switch { true => "met", false => "**missed**", null => "not measured" }, target.Note ?? "",
    ];

    private static string Measured(double value, string unit) => unit switch
    {
        "x" => Figures.Ratio(value),
        "ns" => $"{Figures.Nanoseconds(value)} ns",
        _ => $"{value.ToString(value < 10 ? "0.000" : "0.0", CultureInfo.InvariantCulture)} {unit}",
    };

    public static string Write(BenchResults results, IReadOnlyList<string> verdict, ChartWriter charts)
    {
        var report = new MarkdownDocument();
        report.Heading(1, $"rcuvisor bench, {results.StartedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        report.Heading(2, "Targets");
        report.Paragraph("Issues 11 and 12's targets against this run's figures; ratios divide two medians of this run (docs/benchmarks.md, \"Targets\").");
        report.Table(["target row", "issue", "measured", "target", "result", "note"], results.Targets.Select(TargetRow));
        report.Heading(2, "Verdict");
        report.Bullets(verdict);
        report.Paragraph(
            $"Matrix `{results.Matrix}`: every timed cell run {results.Repeats} times, about {results.RunMilliseconds:0.#} ms "
            + $"per run, cells of a group alternating run by run; medians (min–max) below. Backend {results.Backend} "
            + $"(asked: {results.BackendRequested}): the end-to-end and slow-path sections run their guests on it. "
            + $"The run took {results.ElapsedSeconds:0} s. Every repeat is in {BenchRun.ResultsFile}.");
        foreach (var section in BenchPlan.Sections)
        {
            report.Heading(2, section.Title);
            section.WriteReport(report, results, charts);
        }
        report.Heading(2, "Not measured yet");
        report.Bullets(results.NotMeasured.Select(s => $"{s.Title}: needs {s.Needs}."));
        return report.ToString();
    }
}
