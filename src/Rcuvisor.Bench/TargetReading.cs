namespace Rcuvisor.Bench;

/// <summary>A target row's figure, and which cell gave it when the row takes the worst of several.</summary>
internal sealed record TargetReading(double Value, string? Note = null);
