using System.Diagnostics;
using Rcuvisor.Rcu.Torture;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>Without a terminal: a plain progress line about once a second, nothing redrawn.</summary>
internal sealed class PlainTortureDisplay(IAnsiConsole console) : TortureDisplay(console)
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(1);

    public override TortureResult Track(string domain, TimeSpan duration, Func<IProgress<TortureProgress>, TortureResult> run)
    {
        Console.WriteLine(ProgressLine.Starting(domain));
        var sinceLine = Stopwatch.StartNew();
        return run(new ProgressCallback(snapshot =>
        {
            // The run reports several times a second; a log needs far fewer lines.
            if (sinceLine.Elapsed < LineInterval)
                return;
            sinceLine.Restart();
            Console.WriteLine(ProgressLine.Format(domain, duration, snapshot));
        }));
    }
}
