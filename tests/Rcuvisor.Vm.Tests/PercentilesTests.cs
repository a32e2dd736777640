namespace Rcuvisor.VmTests;

/// <summary>The one percentile definition the VM's latency summaries and every bench figure share.</summary>
public sealed class PercentilesTests
{
    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 3.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.0)] // the lower middle: a value that was observed, not 2.5
    public void The_median_is_the_nearest_rank_one(double[] values, double median) =>
        Assert.Equal(median, Percentiles.Median(values));

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.5, 50)]
    [InlineData(0.99, 99)]
    [InlineData(0.995, 100)]
    [InlineData(1.0, 100)]
    public void A_percentile_is_the_value_of_rank_ceiling_q_times_n(double quantile, long expected)
    {
        long[] hundred = [.. Enumerable.Range(1, 100).Reverse().Select(i => (long)i)];
        Assert.Equal(expected, Percentiles.NearestRank(hundred, quantile));
    }

    [Fact]
    public void No_values_or_a_quantile_outside_0_to_1_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Percentiles.Median(Array.Empty<double>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([1.0], 1.5));
    }
}
