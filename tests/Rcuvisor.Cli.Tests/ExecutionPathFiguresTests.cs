using Rcuvisor.Bench;
using Xunit;

namespace Rcuvisor.Cli.Tests;

public sealed class PercentilesTests
{
    [Theory]
    [InlineData(new[] { 3.0 }, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 3.0)]
    [InlineData(new[] { 4.0, 1.0, 3.0, 2.0 }, 2.5)]
    public void Median_is_the_middle_of_the_sorted_values(double[] values, double median) =>
        Assert.Equal(median, Percentiles.Median(values));

    [Fact]
    public void Geometric_mean_of_ratios_treats_2x_and_half_as_cancelling() =>
        Assert.Equal(1.0, Percentiles.GeometricMean([2.0, 0.5]), precision: 12);
}
