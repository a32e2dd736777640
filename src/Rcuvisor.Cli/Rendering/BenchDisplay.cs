using Rcuvisor.Bench;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>
/// How a bench run shows itself: the plan, progress while it measures (a bar on a
/// terminal, plain lines otherwise), then the verdict and where the report went.
/// </summary>
internal abstract class BenchDisplay(IAnsiConsole console) : IBenchObserver
{
    protected IAnsiConsole Console { get; } = console;

    public static BenchDisplay For(TextWriter output)
    {
        var console = ConsoleOutput.Create(output, out bool live); // unwrapped unless a terminal: the verdict lines are long
        return live ? new LiveBenchDisplay(console) : new PlainBenchDisplay(console);
    }

    public void ShowPlan(BenchOptions options, MachineInfo machine, string backendNote)
    {
        var matrix = options.Matrix;
        Console.WriteLine(
            $"bench ({matrix.Name}): execution path at {string.Join(", ", matrix.TableMembers)} vCPUs, memory, grace periods, "
            + $"liburcu baseline; {matrix.Repeats} runs of ~{matrix.RunTime.TotalMilliseconds:0.#} ms per cell");
        Console.WriteLine($"machine: {machine.Describe().Replace("`", "", StringComparison.Ordinal)}");
        Console.WriteLine($"backend for the end-to-end and slow-path VMs: {backendNote}");
        Console.WriteLine($"output: {options.OutputDirectory}");
    }

    /// <summary>Runs <paramref name="run"/> on this thread, showing the progress it reports.</summary>
    public abstract T Track<T>(int totalSteps, Func<IBenchProgress, T> run);

    public void ShowOutcome(BenchOutcome outcome)
    {
        Console.WriteLine();
        foreach (var line in outcome.Verdict)
            Console.WriteLine($"- {line.Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal)}");
        Console.WriteLine();
        Console.WriteLine($"report: {outcome.ReportPath}");
        Console.WriteLine($"results: {outcome.ResultsPath}");
    }
}
