using Rcuvisor.Rcu.Torture;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>On a terminal: one progress line, redrawn in place, cleared when the domain is done.</summary>
internal sealed class LiveTortureDisplay(IAnsiConsole console) : TortureDisplay(console)
{
    public override TortureResult Track(string domain, TimeSpan duration, Func<IProgress<TortureProgress>, TortureResult> run) =>
        Console.Live(new Text(ProgressLine.Starting(domain)))
            .AutoClear(true)
            .Start(context =>
            {
                // TortureRun reports on the thread that called it, which is this one: the
                // context is never touched from two threads.
                var progress = new ProgressCallback(snapshot =>
                {
                    context.UpdateTarget(new Text(ProgressLine.Format(domain, duration, snapshot)));
                    context.Refresh();
                });
                return run(progress);
            });
}
