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
    // Spectre wraps at 80 columns when it cannot ask a terminal; a log line should not wrap.
    private const int LogWidth = 160;

    protected IAnsiConsole Console { get; } = console;

    public static TortureDisplay For(TextWriter output)
    {
        bool terminal = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            // A log or a pipe gets no escape codes, whatever TERM says.
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
            console.Profile.Width = LogWidth;
        return terminal && console.Profile.Capabilities.Interactive
            ? new LiveTortureDisplay(console)
            : new PlainTortureDisplay(console);
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
