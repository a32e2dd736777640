using Rcuvisor.Bench;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>Without a terminal: a line as each part starts, and one every few seconds within it.</summary>
internal sealed class PlainBenchDisplay(IAnsiConsole console) : BenchDisplay(console)
{
    public override T Track<T>(int totalSteps, Func<IBenchProgress, T> run) =>
        run(new LineBenchProgress(Console, totalSteps));
}
