using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>
/// A Spectre console over a command's output. A terminal gets colour and live redraws;
/// anything else (a pipe, a CI log, a test's StringWriter) gets plain text it can keep.
/// </summary>
internal static class OutputConsole
{
    // Spectre wraps at 80 columns when it cannot ask a terminal; a log line should not wrap.
    private const int LogWidth = 160;

    /// <param name="live">True when the console can redraw in place (a progress bar or line).</param>
    public static IAnsiConsole Create(TextWriter output, out bool live)
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
        live = terminal && console.Profile.Capabilities.Interactive;
        return console;
    }
}
