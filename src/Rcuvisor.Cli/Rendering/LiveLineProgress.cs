using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>On a terminal: one progress line, redrawn in place, cleared when the run is done.</summary>
internal sealed class LiveLineProgress(IAnsiConsole console) : LineProgress(console)
{
    public override TResult Track<TProgress, TResult>(string startLine, Func<TProgress, string> format, Func<IProgress<TProgress>, TResult> run) =>
        Console.Live(new Text(startLine))
            .AutoClear(true)
            .Start(context =>
            {
                // The runs report on the thread that called them, which is this one: the
                // context is never touched from two threads.
                var progress = new ProgressCallback<TProgress>(snapshot =>
                {
                    context.UpdateTarget(new Text(format(snapshot)));
                    context.Refresh();
                });
                return run(progress);
            });
}
