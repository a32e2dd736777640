using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>
/// The Spectre console a command writes to. A terminal gets colour and a live line; anything
/// else (a pipe, a CI log, a test's StringWriter) gets plain text with no escape codes.
/// </summary>
internal static class ConsoleOutput
{
    // Spectre wraps at 80 columns when it cannot ask a terminal, and at any width we give it a
    // long line breaks mid-sentence: a log or a pipe keeps each line whole (one line, one grep).
    // Tables do not expand to the width, so they stay as wide as their content.
    public const int UnwrappedWidth = 1 << 16;

    /// <param name="live">True when progress may be redrawn in place.</param>
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
            console.Profile.Width = UnwrappedWidth;
        live = terminal && console.Profile.Capabilities.Interactive;
        return console;
    }
}
