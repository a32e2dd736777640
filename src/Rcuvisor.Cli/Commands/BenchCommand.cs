using System.CommandLine;
using System.Globalization;
using Rcuvisor.Bench;
using Rcuvisor.Cli.Rendering;
using Rcuvisor.Cli.Run;

namespace Rcuvisor.Cli.Commands;

/// <summary><c>rcuvisor bench</c>: every vCPU-table design and grace-period flavour measured side by side, written up as a report.</summary>
public sealed class BenchCommand : Command
{
    private const string TinyCells = "tiny";
    
    private readonly Option<bool> _quick = new("--quick", "-q")
    {
        Description = "The quick matrix: 1, 64 and 1024 vCPUs, fewer and shorter runs (under 2 minutes on 2 cores).",
    };

    private readonly Option<string?> _out = new("--out", "-o")
    {
        Description = "Directory for report.md, results.json and the charts [default: bench-results/<UTC timestamp>].",
    };

    private readonly Option<string> _backend = new("--backend", "-b")
    {
        Description = "CPU backend for the sections that run guests (end to end, slow path): sim (the simulated CPU), kvm (Linux KVM through /dev/kvm; refused, saying why, where it does not open), or auto (kvm where /dev/kvm opens, else sim).",
        DefaultValueFactory = _ => "auto",
    };

    // For the command's own tests: every section, a matrix small enough for seconds.
    private readonly Option<string?> _cells = new("--cells")
    {
        Description = $"'{TinyCells}': a tiny matrix whose figures only show that every part runs.",
        Hidden = true,
    };

    public BenchCommand()
        : base("bench", "Measure every vCPU-table strategy and grace-period flavour side by side (with liburcu as a C baseline "
            + "when it is installed) and write report.md (opening with the targets, met or missed), results.json and SVG charts. "
            + "Exit code 0: report written; 2: bad arguments; 130: interrupted (nothing written).")
    {
        OptionRules.AcceptOnly(_backend, BackendChoice.Names);
        _cells.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string?>();
            if (value is not null && value != TinyCells)
                result.AddError($"--cells '{value}' is not allowed: expected {TinyCells}.");
        });
        _out.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string?>();
            if (value is not null && string.IsNullOrWhiteSpace(value))
                result.AddError("--out '' is empty: expected a directory (it is created if missing).");
            else if (value is not null && File.Exists(value))
                result.AddError($"--out '{value}' is a file: expected a directory (it is created if missing).");
        });
        Add(_quick);
        Add(_out);
        Add(_backend);
        Add(_cells);
        // The run blocks its thread for minutes, and its own views belong to that thread: keep it off the caller's.
        SetAction((parseResult, cancellationToken) =>
            Task.Run(() => Execute(parseResult, cancellationToken), CancellationToken.None));
    }

    private int Execute(ParseResult parseResult, CancellationToken cancellationToken)
    {
        // Opened before anything runs, so --backend kvm without KVM fails at once; disposed after the run.
        using var backend = BackendChoice.Resolve(parseResult.GetRequiredValue(_backend));
        if (backend.Hypervisor is null)
        {
            parseResult.InvocationConfiguration.Error.WriteLine(backend.Note);
            return ExitCodes.BadArguments;
        }
        var options = new BenchOptions(
            parseResult.GetValue(_cells) == TinyCells ? BenchMatrix.Tiny
                : parseResult.GetValue(_quick) ? BenchMatrix.Quick : BenchMatrix.Full,
            Path.GetFullPath(parseResult.GetValue(_out) ?? DefaultOutputDirectory()),
            Enum.Parse<BenchBackend>(parseResult.GetRequiredValue(_backend), ignoreCase: true));
        var display = BenchDisplay.For(parseResult.InvocationConfiguration.Output);
        try
        {
            display.ShowOutcome(BenchRun.Execute(options, backend.Hypervisor, backend.Note, display, cancellationToken));
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            parseResult.InvocationConfiguration.Error.WriteLine("bench interrupted: no report written.");
            return ExitCodes.Cancelled;
        }
    }

    private static string DefaultOutputDirectory() =>
        Path.Combine("bench-results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
}
