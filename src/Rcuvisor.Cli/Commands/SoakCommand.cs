using Rcuvisor.Bench;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rcuvisor.Cli.Rendering;
using Rcuvisor.Cli.Run;
using Rcuvisor.Cli.Soak;
using Rcuvisor.Workloads;

namespace Rcuvisor.Cli.Commands;

/// <summary><c>rcuvisor soak</c>: a seeded random schedule of hotplug, pause, resume and interrupt storms, audited at every pause.</summary>
public sealed class SoakCommand : Command
{
    private const int MaxSeconds = 24 * 60 * 60;
    private const string AllTables = "all";
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new TableStrategyJsonConverter(), new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly Option<string> _table = new("--table", "-t")
    {
        Description = $"vCPU table strategy: {string.Join(", ", TableNames.All)}, or {AllTables} (each in turn, sharing --seconds).",
        DefaultValueFactory = _ => AllTables,
    };

    private readonly Option<int> _seconds = new("--seconds", "-s")
    {
        Description = $"How long to soak, in seconds, over all the tables chosen (1 to {MaxSeconds}).",
        DefaultValueFactory = _ => 10,
    };

    private readonly Option<int?> _seed = new("--seed")
    {
        Description = $"The schedule's seed (0 to {int.MaxValue}); default: a random one, printed at the start. "
            + "The same seed replays the same operations; the threads' timing around them differs from run to run, "
            + "so a failure it found may need a few reruns (or a longer one) to show again.",
    };

    private readonly Option<int> _maxVcpus = new("--max-vcpus")
    {
        Description = $"Most vCPUs live at once, ids 0..n-1 (1 to {SoakOptions.MaxVcpusLimit}: each is a thread).",
        DefaultValueFactory = _ => 16,
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print one JSON document (seed, operations, audits, interrupts, failure) instead of progress and tables.",
    };

    public SoakCommand()
        : base("soak", "Soak a VM on the simulated CPU: a random schedule, seeded, of vCPU plug and unplug, pause, resume and "
            + "interrupt storms from foreign threads, while doorbell guests ring each other; every pause is audited "
            + "(sent = delivered + dropped + in flight, drops only at unplugged targets), and so is the end. "
            + "A failure prints the seed, the step and its operation. "
            + "Exit code 0: every audit passed; 1: an audit failed or an operation threw; 2: bad arguments; 130: interrupted.")
    {
        OptionRules.AcceptOnly(_table, [.. TableNames.All, AllTables]);
        OptionRules.RequireRange(_seconds, 1, MaxSeconds);
        OptionRules.RequireRange(_maxVcpus, 1, SoakOptions.MaxVcpusLimit);
        OptionRules.RequireRange(_seed, 0, int.MaxValue);
        foreach (var option in new Option[] { _table, _seconds, _seed, _maxVcpus, _json })
            Add(option);
        // The soak blocks its thread for the whole run; keep it off the caller's.
        SetAction((parseResult, cancellationToken) =>
            Task.Run(() => Execute(parseResult, cancellationToken), CancellationToken.None));
    }

    private int Execute(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var configuration = parseResult.InvocationConfiguration;
        string table = parseResult.GetRequiredValue(_table);
        IReadOnlyList<string> tables = table == AllTables ? TableNames.All : [table];
        int seed = parseResult.GetValue(_seed) ?? Random.Shared.Next();
        int maxVcpus = parseResult.GetRequiredValue(_maxVcpus);
        var total = TimeSpan.FromSeconds(parseResult.GetRequiredValue(_seconds));
        var each = total / tables.Count;
        bool json = parseResult.GetValue(_json);
        var display = json ? null : SoakDisplay.For(configuration.Output);
        display?.ShowPlan(seed, tables, each, maxVcpus);

        var results = new List<SoakResult>();
        foreach (string name in tables)
        {
            var options = new SoakOptions
            {
                Vm = new VmOptions { Table = TableNames.Parse(name), MaxVcpus = maxVcpus, MaxVcpuIds = maxVcpus },
                Seed = seed,
                Duration = each,
                InitialVcpus = Math.Min(4, maxVcpus),
            };
            var result = display is null
                ? SoakRun.Run(options, progress: null, cancellationToken)
                : display.Track(name, progress => SoakRun.Run(options, progress, cancellationToken));
            display?.ShowResult(result);
            results.Add(result);
            if (result.Failure is { } failure)
            {
                configuration.Error.WriteLine($"soak {name}: FAIL at {failure} (seed {seed}; rerun with --seed {seed} --table {name})");
                break;
            }
            if (cancellationToken.IsCancellationRequested)
                break;
        }

        bool passed = results.All(r => r.Passed);
        bool cancelled = cancellationToken.IsCancellationRequested;
        if (json)
        {
            var report = new SoakReport(seed, total.TotalSeconds, maxVcpus, passed, cancelled, [.. results.Select(SoakTableReport.From)]);
            configuration.Output.WriteLine(JsonSerializer.Serialize(report, Json));
        }
        if (!passed)
            return ExitCodes.Failed;
        return cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
    }
}
