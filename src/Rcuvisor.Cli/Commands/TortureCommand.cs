using System.CommandLine;
using System.Text.Json;
using Rcuvisor.Cli.Rendering;
using Rcuvisor.Cli.Torture;
using Rcuvisor.Rcu.Torture;

namespace Rcuvisor.Cli.Commands;

/// <summary><c>rcuvisor torture</c>: rcutorture over one grace-period domain or all of them.</summary>
public sealed class TortureCommand : Command
{
    private const string AllDomains = "all";

    // The limits TortureOptions.Validate enforces, checked at parse time so a bad value
    // is reported against the option the user typed rather than a property name.
    private const int MaxSeconds = 24 * 60 * 60;
    private const int MaxReaders = 256;
    private const int MaxFakeWriters = 64;

    private static readonly TortureOptions Defaults = new();

    private readonly Option<string> _domain = new("--domain", "-d")
    {
        Description = $"Grace-period domain to torture: {string.Join(", ", TortureSubject.Names)}, or {AllDomains} (one after another).",
        DefaultValueFactory = _ => AllDomains,
    };

    private readonly Option<int> _seconds = new("--seconds", "-s")
    {
        Description = $"How long to torture each domain, in seconds (1 to {MaxSeconds}).",
        DefaultValueFactory = _ => (int)Defaults.Duration.TotalSeconds,
    };

    private readonly Option<int> _readers = new("--readers", "-r")
    {
        Description = $"Reader threads running read sections back to back (1 to {MaxReaders}).",
        DefaultValueFactory = _ => Defaults.Readers,
    };

    private readonly Option<int> _fakeWriters = new("--fake-writers")
    {
        Description = $"Extra threads that only call Synchronize(), so concurrent grace periods get batched (0 to {MaxFakeWriters}).",
        DefaultValueFactory = _ => Defaults.FakeWriters,
    };

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print one JSON document (options, then per domain its counts, pipe-count histogram and verdict) instead of progress and tables.",
    };

    public TortureCommand()
        : base("torture", "Torture grace-period domains: a writer replaces a published element while readers check that no "
            + "element outlives its grace period. Prints a progress line, then a table per domain. "
            + "Exit code 0: no violation; 1: a violation; 2: bad arguments; 130: interrupted.")
    {
        OptionRules.AcceptOnly(_domain, [.. TortureSubject.Names, AllDomains]);
        OptionRules.RequireRange(_seconds, 1, MaxSeconds);
        OptionRules.RequireRange(_readers, 1, MaxReaders);
        OptionRules.RequireRange(_fakeWriters, 0, MaxFakeWriters);
        Add(_domain);
        Add(_seconds);
        Add(_readers);
        Add(_fakeWriters);
        Add(_json);
        // TortureRun blocks its thread for the whole run; keep it off the caller's.
        SetAction((parseResult, cancellationToken) =>
            Task.Run(() => Execute(parseResult, cancellationToken), CancellationToken.None));
    }

    private int Execute(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var domain = parseResult.GetRequiredValue(_domain);
        var series = new TortureSeries(
            domain == AllDomains ? TortureSubject.Names : [domain],
            Defaults with
            {
                Duration = TimeSpan.FromSeconds(parseResult.GetRequiredValue(_seconds)),
                Readers = parseResult.GetRequiredValue(_readers),
                FakeWriters = parseResult.GetRequiredValue(_fakeWriters),
            });
        var output = parseResult.InvocationConfiguration.Output;
        bool json = parseResult.GetValue(_json);
        try
        {
            var outcome = series.Run(json ? null : TortureDisplay.For(output), cancellationToken);
            if (json)
                output.WriteLine(JsonSerializer.Serialize(TortureReport.From(series.Options, outcome), Json));
            if (!outcome.Passed)
                return ExitCodes.Failed;
            return outcome.Cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
        }
        catch (ArgumentOutOfRangeException e)
        {
            // Backstop if the library's limits and ours ever drift apart.
            parseResult.InvocationConfiguration.Error.WriteLine(e.Message);
            return ExitCodes.BadArguments;
        }
    }
}
