namespace Rcuvisor.Bench;

/// <summary>One bar of a bar chart; a baseline bar (liburcu's) is drawn in a second colour.</summary>
internal sealed record ChartBar(string Label, double Value, bool Baseline);
