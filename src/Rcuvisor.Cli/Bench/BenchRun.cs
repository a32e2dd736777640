using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rcuvisor.Cli.Rendering;
using Rcuvisor.Cli.Run;

namespace Rcuvisor.Cli.Bench;

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
    /// <paramref name="backend"/>'s hypervisor, which the caller owns (and disposes).
    /// </summary>
    public static BenchOutcome Execute(BenchOptions options, BackendChoice backend, BenchDisplay display, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        // The command refuses a choice that cannot run before calling this.
        var hypervisor = backend.Hypervisor ?? throw new ArgumentException(backend.Note, nameof(backend));
        var matrix = options.Matrix;
        var machine = MachineInfo.Detect();
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        display.ShowPlan(options, machine, backend.Note);
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
            NotMeasured = BenchPlan.NotMeasured(hypervisor.Name, backend.Note),
        };
        Directory.CreateDirectory(options.OutputDirectory);
        string resultsPath = Path.Combine(options.OutputDirectory, ResultsFile);
        File.WriteAllText(resultsPath, JsonSerializer.Serialize(results, Json));
        var verdict = BenchReport.Verdict(results);
        string reportPath = Path.Combine(options.OutputDirectory, ReportFile);
        File.WriteAllText(reportPath, BenchReport.Write(results, verdict, new ChartWriter(options.OutputDirectory)));
        return new BenchOutcome(results, reportPath, resultsPath, verdict);
    }
}
