namespace Rcuvisor.Workloads;

/// <summary>What a <see cref="VmWorkload"/> is doing when it reports progress.</summary>
public enum VmWorkloadPhase
{
    /// <summary>Creating the initial vCPUs and hot-plugging more.</summary>
    Plugging,
    /// <summary>Running: guests ring doorbells, lines are signalled.</summary>
    Running,
    /// <summary>Hot-unplugging vCPUs half-way through.</summary>
    Unplugging,
    /// <summary>Paused, checking the interrupt books.</summary>
    Auditing,
}
