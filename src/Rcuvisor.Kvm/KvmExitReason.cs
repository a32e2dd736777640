namespace Rcuvisor.Kvm;

/// <summary>Why <see cref="KvmVcpuFd.Run"/> returned, decoded.</summary>
public enum KvmExitReason
{
    /// <summary>A KVM_EXIT_* code this backend does not decode (<see cref="KvmExit.RawExitReason"/>), or KVM_EXIT_UNKNOWN.</summary>
    Unknown,
    /// <summary>KVM_EXIT_IO: port I/O.</summary>
    Io,
    /// <summary>KVM_EXIT_MMIO: an access to guest-physical memory no slot backs.</summary>
    Mmio,
    /// <summary>KVM_EXIT_HLT: the guest halted (userspace irqchip).</summary>
    Hlt,
    /// <summary>KVM_EXIT_IRQ_WINDOW_OPEN: the guest can take an interrupt now.</summary>
    IrqWindowOpen,
    /// <summary>KVM_EXIT_SHUTDOWN: triple fault; re-entering gives it again.</summary>
    Shutdown,
    /// <summary>KVM_EXIT_FAIL_ENTRY: the hardware refused the entry (<see cref="KvmExit.HardwareReason"/>).</summary>
    FailEntry,
    /// <summary>KVM_EXIT_INTERNAL_ERROR (<see cref="KvmExit.Suberror"/>; 1 = emulation failed).</summary>
    InternalError,
    /// <summary>A kick or another signal: KVM_RUN failed with EINTR (immediate_exit), or KVM_EXIT_INTR.</summary>
    Intr,
    /// <summary>KVM_EXIT_SYSTEM_EVENT (<see cref="KvmExit.SystemEventType"/>).</summary>
    SystemEvent,
    /// <summary>KVM_RUN failed with EAGAIN (e.g. an AP that just took INIT/SIPI): run again.</summary>
    Again,
}
