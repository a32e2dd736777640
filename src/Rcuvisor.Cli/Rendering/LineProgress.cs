using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>A long run's one-line progress: redrawn in place on a terminal, a plain line about once a second elsewhere.</summary>
internal abstract class LineProgress(IAnsiConsole console)
{
    protected IAnsiConsole Console { get; } = console;

    public static LineProgress For(IAnsiConsole console, bool live) =>
        live ? new LiveLineProgress(console) : new PlainLineProgress(console);

    /// <summary>Runs <paramref name="run"/>, showing each progress report it makes as <paramref name="format"/> renders it.</summary>
    public abstract TResult Track<TProgress, TResult>(string startLine, Func<TProgress, string> format, Func<IProgress<TProgress>, TResult> run);
}
