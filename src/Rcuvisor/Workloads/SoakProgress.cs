namespace Rcuvisor.Workloads;

/// <summary>A soak's counters, reported a few times a second while it runs.</summary>
public sealed record SoakProgress(TimeSpan Elapsed, TimeSpan Duration, long Steps, int AuditsPassed, VmStatsSnapshot Stats);
