using System.Diagnostics;

namespace Rcuvisor;

/// <summary>
/// Durations of a control operation (create, unplug), kept whole for percentiles. One
/// writer (the VM's control path), readers on any thread: a private leaf lock, held for a
/// list operation and never while waiting for anything else.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly List<long> _ticks = [];

    public int Count
    {
        get
        {
            lock (_ticks)
                return _ticks.Count;
        }
    }

    /// <summary>Records the time since <paramref name="startTimestamp"/>; returns it in milliseconds, for the meter's histogram.</summary>
    public double Add(long startTimestamp)
    {
        long elapsed = Stopwatch.GetTimestamp() - startTimestamp;
        lock (_ticks)
            _ticks.Add(elapsed);
        return Milliseconds(elapsed);
    }

    public LatencySummary Summarize()
    {
        long[] sorted;
        lock (_ticks)
            sorted = [.. _ticks];
        if (sorted.Length == 0)
            return default;
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Milliseconds(Percentiles.NearestRankOfSorted<long>(sorted, 0.50)),
            Milliseconds(Percentiles.NearestRankOfSorted<long>(sorted, 0.99)), Milliseconds(sorted[^1]));
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
