namespace Rcuvisor.Bench;

/// <summary>
/// A cell to time: a loop that runs a given count of repetitions and returns a value
/// the runner sinks, so the JIT cannot drop the work. The loop should be a
/// non-inlined method, so the JIT cannot hoist the work out of the timing either.
/// </summary>
/// <param name="Run">Runs <c>count</c> repetitions; returns something derived from the work.</param>
/// <param name="OperationsPerRepetition">Operations one repetition stands for (a Defer repetition is a whole batch).</param>
/// <param name="WarmUpGroup">Cells warmed up together (the subject when null): see <see cref="AlternatingRunner"/>.</param>
internal sealed record TimedCell(
    string Section, string Metric, string Subject, int? Size, Func<long, long> Run, int OperationsPerRepetition = 1,
    string? WarmUpGroup = null)
{
    /// <summary>Runs before each calibration and timed run, outside the timing: busy readers are let go here.</summary>
    public Action? Before { get; init; }

    /// <summary>Runs after each calibration and timed run, outside the timing: busy readers are parked again.</summary>
    public Action? After { get; init; }

    public string Label => Size is { } size ? $"{Subject} {Metric} @{size}" : $"{Subject} {Metric}";

    /// <summary>The group this cell is warmed up with: cells that share code whose profile should be theirs alone.</summary>
    public string Group => WarmUpGroup ?? Subject;

    public CellResult ToResult(IReadOnlyList<double> nanosecondsPerOperation) =>
        new(Section, Metric, Subject, Size, "ns/op", nanosecondsPerOperation);
}
