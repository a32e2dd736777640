using Rcuvisor.Bench;
using Xunit;

namespace Rcuvisor.Cli.Tests;

public sealed class ExecutionPathFiguresTests
{
    [Fact]
    public void Geometric_mean_of_ratios_treats_2x_and_half_as_cancelling() =>
        Assert.Equal(1.0, ExecutionPathFigures.GeometricMean([2.0, 0.5]), precision: 12);
}
