using Rcuvisor.Rcu.Torture;

namespace Rcuvisor.Cli.Torture;

/// <summary>
/// One domain's run. <see cref="PipeHistogram"/>[k] counts reads that ended while their
/// element was k grace periods old (the last bucket also holds every older age); only 0
/// and 1 are legal.
/// </summary>
internal sealed record TortureDomainReport(
    string Name,
    double ElapsedSeconds,
    long GracePeriods,
    long Reads,
    IReadOnlyList<long> PipeHistogram,
    long FreedReads,
    long DeferredFrees,
    long Violations,
    bool Passed)
{
    public static TortureDomainReport From(TortureResult result) => new(
        result.Domain,
        result.Elapsed.TotalSeconds,
        result.GracePeriods,
        result.Reads,
        result.PipeHistogram,
        result.FreedReads,
        result.DeferredFrees,
        result.Violations,
        result.Passed);
}
