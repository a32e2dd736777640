namespace Rcuvisor.Execution;

/// <summary>
/// The requests a vCPU handles on its own thread, as KVM's <c>KVM_REQ_*</c>: each value is a
/// bit index in the vCPU's request word. Handled in this order when several are pending.
/// </summary>
public enum VcpuRequest
{
    /// <summary>Leave the run loop; the thread ends.</summary>
    Stop = 0,
    /// <summary>Re-read the vCPU's own view of its peers (the cached-move table moves its pointer here).</summary>
    UpdateVcpus = 1,
    /// <summary>Stay out of guest mode, parked, until <see cref="Resume"/> or <see cref="Stop"/>.</summary>
    Pause = 2,
    /// <summary>Leave the parked state.</summary>
    Resume = 3,

    // Bit 4 is taken by a kind only the tests raise (VcpuRequests.Test), kept out of this
    // public enum so shipped code cannot name it.
}
