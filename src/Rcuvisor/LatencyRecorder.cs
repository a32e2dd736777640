using System.Diagnostics;

namespace Rcuvisor;

/// <summary>Durations of a control operation (create, unplug), kept whole for percentiles; used under the VM's control lock.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<long> _ticks = [];

    public int Count => _ticks.Count;

    public void Add(long startTimestamp) => _ticks.Add(Stopwatch.GetTimestamp() - startTimestamp);

    public LatencySummary Summarize()
    {
        if (_ticks.Count == 0)
            return default;
        long[] sorted = [.. _ticks];
        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Milliseconds(Rank(sorted, 0.50)), Milliseconds(Rank(sorted, 0.99)), Milliseconds(sorted[^1]));
    }

    /// <summary>Nearest rank: the smallest sample with at least <paramref name="quantile"/> of the samples at or below it.</summary>
    private static long Rank(long[] sorted, double quantile) =>
        sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
