namespace Rcuvisor.Bench;

/// <summary>One line of a chart: a name for the legend and its points.</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<double> Xs, IReadOnlyList<double> Ys);
