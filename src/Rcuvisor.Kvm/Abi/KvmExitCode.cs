namespace Rcuvisor.Kvm;

/// <summary><c>kvm_run.exit_reason</c>: the raw KVM_EXIT_* codes this backend decodes.</summary>
public enum KvmExitCode : uint
{
    /// <summary>KVM_EXIT_UNKNOWN.</summary>
    Unknown = 0,
    /// <summary>KVM_EXIT_EXCEPTION.</summary>
    Exception = 1,
    /// <summary>KVM_EXIT_IO.</summary>
    Io = 2,
    /// <summary>KVM_EXIT_HYPERCALL.</summary>
    Hypercall = 3,
    /// <summary>KVM_EXIT_DEBUG.</summary>
    Debug = 4,
    /// <summary>KVM_EXIT_HLT.</summary>
    Hlt = 5,
    /// <summary>KVM_EXIT_MMIO.</summary>
    Mmio = 6,
    /// <summary>KVM_EXIT_IRQ_WINDOW_OPEN.</summary>
    IrqWindowOpen = 7,
    /// <summary>KVM_EXIT_SHUTDOWN.</summary>
    Shutdown = 8,
    /// <summary>KVM_EXIT_FAIL_ENTRY.</summary>
    FailEntry = 9,
    /// <summary>KVM_EXIT_INTR.</summary>
    Intr = 10,
    /// <summary>KVM_EXIT_INTERNAL_ERROR.</summary>
    InternalError = 17,
    /// <summary>KVM_EXIT_SYSTEM_EVENT.</summary>
    SystemEvent = 24,
}
