namespace Rcuvisor.Workloads;

/// <summary>What a <see cref="VmWorkload"/> is doing when it reports progress.</summary>
public enum VmWorkloadPhase
{
    Plugging,
    Running,
    Unplugging,
    Auditing,
}
