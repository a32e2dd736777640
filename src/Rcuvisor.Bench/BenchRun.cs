using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rcuvisor.Backends;

namespace Rcuvisor.Bench;

/// <summary>
/// One bench run: measures every section of <see cref="BenchPlan"/> on the calling thread,
/// then writes results.json, the charts and report.md into the output directory.
/// </summary>
internal static class BenchRun
{
    public const string ReportFile = "report.md";
    public const string ResultsFile = "results.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new TableStrategyJsonConverter(), new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>
    /// Throws OperationCanceledException when cancelled; nothing is written then. The VM sections run on
    /// <paramref name="hypervisor"/>, which the caller owns (and disposes); <paramref name="backendNote"/>
    /// says which backend that is and why, for the report.
    /// </summary>
    public static BenchOutcome Execute(BenchOptions options, IHypervisor hypervisor, string backendNote, IBenchObserver display, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hypervisor);
        ArgumentNullException.ThrowIfNull(display);
        var matrix = options.Matrix;
        var machine = MachineInfo.Detect();
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        display.ShowPlan(options, machine, backendNote);
        var outcomes = display.Track(BenchPlan.TotalSteps(matrix), progress =>
            BenchPlan.Sections.Select(section => section.Measure(matrix, hypervisor, progress, cancellationToken)).ToList());
        var results = new BenchResults
        {
            StartedAt = startedAt,
            ElapsedSeconds = clock.Elapsed.TotalSeconds,
            Matrix = matrix.Name,
            Repeats = matrix.Repeats,
            RunMilliseconds = matrix.RunTime.TotalMilliseconds,
            BackendRequested = options.Backend.ToString().ToLowerInvariant(),
            Backend = hypervisor.Name,
            Machine = machine,
            Cells = [.. outcomes.SelectMany(o => o.Cells)],
            Notes = [.. outcomes.SelectMany(o => o.Notes)],
            NotMeasured = BenchPlan.NotMeasured(hypervisor.Name, backendNote),
        };
        results = results with { Targets = BenchTargets.Evaluate(results) }; // read from the cells above, as a later reader of results.json could
        Directory.CreateDirectory(options.OutputDirectory);
        string resultsPath = Path.Combine(options.OutputDirectory, ResultsFile);
        File.WriteAllText(resultsPath, JsonSerializer.Serialize(results, Json));
        var verdict = BenchReport.Verdict(results);
        string reportPath = Path.Combine(options.OutputDirectory, ReportFile);
        File.WriteAllText(reportPath, BenchReport.Write(results, verdict, new ChartWriter(options.OutputDirectory)));
        return new BenchOutcome(results, reportPath, resultsPath, verdict);
    }
}
