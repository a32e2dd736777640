namespace Rcuvisor;

/// <summary>Where a <see cref="Vm"/> is in its life; moved only under its control lock.</summary>
public enum VmState
{
    /// <summary>vCPUs may be created; none runs until <see cref="Vm.Start"/>.</summary>
    Created,
    /// <summary>vCPUs run; new ones start as they are created.</summary>
    Running,
    /// <summary>Every vCPU is out of guest mode and parked; new ones start parked.</summary>
    Paused,
    /// <summary>Every vCPU thread has stopped; only statistics may be read.</summary>
    Disposed,
}
