using System.Diagnostics;
using System.Runtime;

namespace Rcuvisor.Bench;

/// <summary>
/// Times a group of cells the way the issue asks: each cell warmed up and calibrated so
/// one run lasts about the matrix's run time, then the cells run in turn, A B C A B C
/// ..., so drift in the machine (other builds, frequency changes) hits every cell alike.
/// </summary>
internal sealed class AlternatingRunner(BenchMatrix matrix, IBenchProgress progress, CancellationToken cancellationToken)
{
    // Calls of each loop per warm-up round, with a pause after each: enough for tiered
    // compilation to count the calls (30 per tier) and compile the next tier on its
    // background thread. Rounds repeat until one compiles nothing new, so every loop is
    // timed in its final, optimized tier: a fixed two rounds left some loops in
    // on-stack-replaced Tier0 code under load (calibration's long runs enter it), others
    // in Tier1, and which one a process timed decided its figures (docs/benchmarks.md).
    private const int TieringCalls = 64;
    private const int MinTieringRounds = 2;
    private const int MaxTieringRounds = 12;
    private static readonly TimeSpan TieringPause = TimeSpan.FromMilliseconds(250);
    private const long MaxRepetitions = 1L << 40;

    private long _sink; // every loop's result lands here, so no loop is dead code

    /// <summary>Progress steps <see cref="Run"/> reports for a group of <paramref name="cells"/>.</summary>
    public static int StepsFor(int cells, int repeats) => cells * (repeats + 1);

    public IReadOnlyList<CellResult> Run(IReadOnlyList<TimedCell> cells)
    {
        WarmUpTiers(cells);
        var repetitions = new long[cells.Count];
        for (int i = 0; i < cells.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            repetitions[i] = Calibrate(cells[i]);
            progress.Advance($"calibrated {cells[i].Label}");
        }
        var perOperation = cells.Select(_ => new List<double>(matrix.Repeats)).ToArray();
        for (int round = 0; round < matrix.Repeats; round++)
            for (int i = 0; i < cells.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var elapsed = Time(cells[i], repetitions[i]);
                perOperation[i].Add(elapsed.TotalNanoseconds / (repetitions[i] * (double)cells[i].OperationsPerRepetition));
                progress.Advance($"{cells[i].Label} run {round + 1}/{matrix.Repeats}");
            }
        return [.. cells.Select((cell, i) => cell.ToResult(perOperation[i]))];
    }

    // One warm-up group at a time, in the order given (GroupBy keeps first appearances in
    // order): a group's loops reach Tier1 before the next group's first call. Code the
    // groups share (an OwnView's Get, inlined into each strategy's loop) is profiled in its
    // instrumented tier by the first group to call it, so each strategy is not compiled
    // from a profile that mixes all four, as no VM (one strategy per process) would be.
    private void WarmUpTiers(IReadOnlyList<TimedCell> cells)
    {
        foreach (var group in cells.GroupBy(cell => cell.Group))
            WarmUpTiersOf([.. group]);
    }

    private void WarmUpTiersOf(IReadOnlyList<TimedCell> cells)
    {
        long compiled = JitInfo.GetCompiledMethodCount();
        for (int round = 1; round <= MaxTieringRounds; round++)
        {
            foreach (var cell in cells)
                for (int call = 0; call < TieringCalls; call++)
                    _sink += cell.Run(1);
            cancellationToken.ThrowIfCancellationRequested();
            Thread.Sleep(TieringPause);
            long now = JitInfo.GetCompiledMethodCount(); // process-wide: tier-up compiles run on a background thread
            if (round >= MinTieringRounds && now == compiled)
                return;
            compiled = now;
        }
    }

    /// <summary>Doubles the repetitions until one run lasts the run time; then one more run at that count, as warmup.</summary>
    private long Calibrate(TimedCell cell)
    {
        long repetitions = 1;
        while (Time(cell, repetitions) < matrix.RunTime && repetitions < MaxRepetitions)
            repetitions *= 2;
        Time(cell, repetitions);
        return repetitions;
    }

    private TimeSpan Time(TimedCell cell, long repetitions)
    {
        cell.Before?.Invoke();
        long start = Stopwatch.GetTimestamp();
        _sink += cell.Run(repetitions);
        var elapsed = Stopwatch.GetElapsedTime(start);
        cell.After?.Invoke();
        return elapsed;
    }
}
