using System.Diagnostics;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>Without a terminal: a plain progress line about once a second, nothing redrawn.</summary>
internal sealed class PlainLineProgress(IAnsiConsole console) : LineProgress(console)
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(1);

    public override TResult Track<TProgress, TResult>(string startLine, Func<TProgress, string> format, Func<IProgress<TProgress>, TResult> run)
    {
        Console.WriteLine(startLine);
        var sinceLine = Stopwatch.StartNew();
        return run(new ProgressCallback<TProgress>(snapshot =>
        {
            // The runs report several times a second; a log needs far fewer lines.
            if (sinceLine.Elapsed < LineInterval)
                return;
            sinceLine.Restart();
            Console.WriteLine(format(snapshot));
        }));
    }
}
