namespace Rcuvisor.Bench;

/// <summary>Order statistics of a cell's repeats.</summary>
internal static class Percentiles
{
    /// <summary>The middle value; the mean of the two middle values for an even count.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("No values: a cell is measured at least once.", nameof(values));
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="quantile"/> of the values at or below it.</summary>
    public static double NearestRank(IReadOnlyList<double> values, double quantile)
    {
        if (values.Count == 0)
            throw new ArgumentException("No values: a cell is measured at least once.", nameof(values));
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The geometric mean: the fair average of ratios.</summary>
    public static double GeometricMean(IEnumerable<double> values)
    {
        var logs = values.Select(v => Math.Log(v)).ToArray();
        return logs.Length == 0 ? double.NaN : Math.Exp(logs.Average());
    }
}
