namespace Rcuvisor.Rcu.Torture;

/// <summary>A snapshot while a torture run goes on.</summary>
public readonly record struct TortureProgress(TimeSpan Elapsed, long GracePeriods, long Reads, long Violations);
