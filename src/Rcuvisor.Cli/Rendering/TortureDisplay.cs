using Rcuvisor.Rcu.Torture;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>
/// How a torture series shows itself: the plan, a progress line while a domain runs,
/// and a result table after it. A terminal gets a line redrawn in place; anything else
/// (a pipe, a CI log, a test's StringWriter) gets plain lines it can keep.
/// </summary>
internal abstract class TortureDisplay(IAnsiConsole console)
{
    protected IAnsiConsole Console { get; } = console;

    public static TortureDisplay For(TextWriter output)
    {
        var console = OutputConsole.Create(output, out bool live);
        return live ? new LiveTortureDisplay(console) : new PlainTortureDisplay(console);
    }

    public void ShowPlan(IReadOnlyList<string> domains, TortureOptions options) =>
        Console.WriteLine(
            $"torture {string.Join(", ", domains)}: {options.Duration.TotalSeconds:0.###} s each, "
            + $"{options.Readers} readers, {options.FakeWriters} fake writers, max pipe {options.MaxPipe}");

    /// <summary>Runs <paramref name="run"/>, showing the progress it reports.</summary>
    public abstract TortureResult Track(string domain, TimeSpan duration, Func<IProgress<TortureProgress>, TortureResult> run);

    public void ShowResult(TortureResult result, bool cancelled) =>
        Console.Write(TortureResultTable.Build(result, cancelled));
}
