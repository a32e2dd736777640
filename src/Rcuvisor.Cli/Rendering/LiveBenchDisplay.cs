using Rcuvisor.Bench;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>On a terminal: one Spectre progress bar with the current cell, elapsed and remaining time.</summary>
internal sealed class LiveBenchDisplay(IAnsiConsole console) : BenchDisplay(console)
{
    public override T Track<T>(int totalSteps, Func<IBenchProgress, T> run) =>
        Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context => run(new ProgressTaskBenchProgress(context.AddTask("bench", maxValue: totalSteps))));
}
