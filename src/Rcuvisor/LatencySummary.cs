namespace Rcuvisor;

/// <summary>Latencies of one kind of control operation, in milliseconds (nearest-rank percentiles: <see cref="Percentiles"/>).</summary>
public readonly record struct LatencySummary(int Count, double MedianMs, double P99Ms, double MaxMs)
{
    /// <summary><c>n=… p50=… ms p99=… ms max=… ms</c>, or <c>none</c> when nothing was timed.</summary>
    public override string ToString() =>
        Count == 0 ? "none" : $"n={Count} p50={MedianMs:0.###} ms p99={P99Ms:0.###} ms max={MaxMs:0.###} ms";
}
