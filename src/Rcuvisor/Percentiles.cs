namespace Rcuvisor;

/// <summary>
/// The one definition of a percentile that Rcuvisor reports, in the VM's latency summaries and
/// in every bench figure: the nearest rank. The <c>q</c>-quantile of <c>n</c> values is the
/// smallest value with at least <c>q·n</c> of the values at or below it, i.e. the value of rank
/// <c>⌈q·n⌉</c> (1-based) in sorted order. So every figure is a value that was observed, and
/// the median of an even count is the lower middle one: the median of [1, 2, 3, 4] is 2.
/// </summary>
/// <remarks>
/// Not HdrHistogram: it buckets values (percentiles within a chosen precision) to record
/// millions of samples in fixed memory, while the figures here are tens of samples (a bench
/// cell's repeats, a VM's hotplug operations) kept whole, and the <c>Rcuvisor</c> package
/// takes no dependency for a sort.
/// </remarks>
public static class Percentiles
{
    /// <summary>The nearest-rank <paramref name="quantile"/> (0 to 1) of <paramref name="values"/>, in any order.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantile"/> is outside 0 to 1.</exception>
    public static T NearestRank<T>(IEnumerable<T> values, double quantile)
    {
        ArgumentNullException.ThrowIfNull(values);
        T[] sorted = [.. values];
        Array.Sort(sorted);
        return NearestRankOfSorted<T>(sorted, quantile);
    }

    /// <summary>As <see cref="NearestRank{T}(IEnumerable{T}, double)"/>, for values already sorted ascending (no copy).</summary>
    /// <exception cref="ArgumentException"><paramref name="sorted"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantile"/> is outside 0 to 1.</exception>
    public static T NearestRankOfSorted<T>(ReadOnlySpan<T> sorted, double quantile)
    {
        if (sorted.IsEmpty)
            throw new ArgumentException("No values: a percentile needs at least one.", nameof(sorted));
        if (!(quantile is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "A quantile is between 0 and 1.");
        // Rank ⌈q·n⌉, 1-based; q = 0 is taken as the minimum.
        return sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    }

    /// <summary>The nearest-rank median: the middle value, the lower of the two middle ones for an even count.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static T Median<T>(IEnumerable<T> values) => NearestRank(values, 0.5);
}
