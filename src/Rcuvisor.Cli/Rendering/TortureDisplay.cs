using Rcuvisor.Rcu.Torture;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>How a torture series shows itself: the plan, a progress line while a domain runs, and a result table after it.</summary>
internal sealed class TortureDisplay
{
    private readonly IAnsiConsole _console;
    private readonly LineProgress _progress;

    private TortureDisplay(IAnsiConsole console, bool live)
    {
        _console = console;
        _progress = LineProgress.For(console, live);
    }

    public static TortureDisplay For(TextWriter output) => new(ConsoleOutput.Create(output, out bool live), live);

    public void ShowPlan(IReadOnlyList<string> domains, TortureOptions options) =>
        _console.WriteLine(
            $"torture {string.Join(", ", domains)}: {options.Duration.TotalSeconds:0.###} s each, "
            + $"{options.Readers} readers, {options.FakeWriters} fake writers, max pipe {options.MaxPipe}");

    /// <summary>Runs <paramref name="run"/>, showing the progress it reports.</summary>
    public TortureResult Track(string domain, TimeSpan duration, Func<IProgress<TortureProgress>, TortureResult> run) =>
        _progress.Track(ProgressLine.Starting(domain), (TortureProgress p) => ProgressLine.Format(domain, duration, p), run);

    public void ShowResult(TortureResult result, bool cancelled) =>
        _console.Write(TortureResultTable.Build(result, cancelled));
}
