using System.Diagnostics;
using Rcuvisor.Bench;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>Bench progress as plain lines a log can keep: "bench  42% execution path, 64 vCPUs: ...".</summary>
internal sealed class LineBenchProgress(IAnsiConsole console, int totalSteps) : IBenchProgress
{
    private static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(5);

    private readonly Stopwatch _sinceLine = Stopwatch.StartNew();
    private string _part = "";
    private int _steps;

    public void BeginPart(string title)
    {
        _part = title;
        Write(title);
    }

    public void Advance(string label)
    {
        _steps++;
        // A timed run takes milliseconds; a log needs a line every few seconds, not every run.
        if (_sinceLine.Elapsed >= LineInterval)
            Write($"{_part}: {label}");
    }

    private void Write(string text)
    {
        _sinceLine.Restart();
        int percent = totalSteps == 0 ? 100 : (int)(100L * Math.Min(_steps, totalSteps) / totalSteps);
        console.WriteLine($"bench {percent,3}% {text}");
    }
}
