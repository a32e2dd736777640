namespace Rcuvisor.Rcu.Torture;

/// <summary>
/// The outcome of a torture run. <see cref="PipeHistogram"/>[k] counts reads that ended
/// while their element was k grace periods old; only buckets 0 and 1 may be non-zero.
/// </summary>
public sealed record TortureResult(
    string Domain,
    TimeSpan Elapsed,
    long GracePeriods,
    long Reads,
    long[] PipeHistogram,
    long FreedReads,
    long DeferredFrees)
{
    /// <summary>Reads that saw an element at least two grace periods old, or already freed.</summary>
    public long Violations => PipeHistogram.Skip(2).Sum() + FreedReads;

    public bool Passed => Violations == 0;
}
