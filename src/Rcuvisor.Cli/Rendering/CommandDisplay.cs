using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>What a long-running command's display starts from: its console, and a progress line suited to it.</summary>
internal abstract class CommandDisplay
{
    protected CommandDisplay(TextWriter output)
    {
        Console = ConsoleOutput.Create(output, out bool live);
        Progress = LineProgress.For(Console, live);
    }

    protected IAnsiConsole Console { get; }

    protected LineProgress Progress { get; }
}
