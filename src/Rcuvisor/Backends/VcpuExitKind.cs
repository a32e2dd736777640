namespace Rcuvisor.Backends;

/// <summary>Why <see cref="IVcpuBackend.Run"/> returned: the exits the core handles.</summary>
public enum VcpuExitKind
{
    /// <summary>The guest wrote <see cref="VcpuExit.Value"/> to I/O port <see cref="VcpuExit.Port"/> (KVM_EXIT_IO, OUT).</summary>
    Io,
    /// <summary>The guest executed HLT with nothing to do (KVM_EXIT_HLT).</summary>
    Halt,
    /// <summary>A kick made the run return (KVM_RUN failing with EINTR, immediate_exit).</summary>
    Interrupted,
    /// <summary>The guest is gone (triple fault, KVM_EXIT_SHUTDOWN): the vCPU stops.</summary>
    Shutdown,
    /// <summary>The backend failed to run the guest; <see cref="VcpuExit.Reason"/> says why.</summary>
    Error,
}
