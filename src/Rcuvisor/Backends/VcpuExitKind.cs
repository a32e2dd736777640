namespace Rcuvisor.Backends;

/// <summary>Why <see cref="IVcpuBackend.Run"/> returned: the exits the core handles.</summary>
public enum VcpuExitKind
{
    /// <summary>
    /// The guest accessed I/O port <see cref="VcpuExit.Port"/> (KVM_EXIT_IO): an OUT writes
    /// <see cref="VcpuExit.Value"/>; an IN waits for <see cref="IVcpuBackend.CompleteRead"/>.
    /// </summary>
    Io,
    /// <summary>The guest executed HLT with nothing to do (KVM_EXIT_HLT).</summary>
    Halt,
    /// <summary>A kick made the run return (KVM_RUN failing with EINTR, immediate_exit).</summary>
    Interrupted,
    /// <summary>The guest is gone (triple fault, KVM_EXIT_SHUTDOWN): the vCPU stops.</summary>
    Shutdown,
    /// <summary>The backend failed to run the guest; <see cref="VcpuExit.Reason"/> says why. The vCPU stops.</summary>
    Error,
    /// <summary>
    /// The guest accessed guest-physical <see cref="VcpuExit.Address"/> where no memory is
    /// (KVM_EXIT_MMIO): a store writes <see cref="VcpuExit.Value"/>; a load waits for
    /// <see cref="IVcpuBackend.CompleteRead"/>.
    /// </summary>
    Mmio,
    /// <summary>The guest can take an interrupt now (KVM_EXIT_IRQ_WINDOW_OPEN), as asked by <see cref="IVcpuBackend.TryInjectInterrupt"/>.</summary>
    InterruptWindow,
}
