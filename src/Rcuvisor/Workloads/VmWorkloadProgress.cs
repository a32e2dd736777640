namespace Rcuvisor.Workloads;

/// <summary>A workload's counters, reported a few times a second while it runs.</summary>
public sealed record VmWorkloadProgress(
    VmWorkloadPhase Phase,
    TimeSpan Elapsed,
    TimeSpan Duration,
    VmStatsSnapshot Stats);
