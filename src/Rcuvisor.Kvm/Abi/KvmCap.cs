namespace Rcuvisor.Kvm;

/// <summary>KVM_CAP_* numbers asked with KVM_CHECK_EXTENSION (the answer is 0 when absent).</summary>
public enum KvmCap
{
    /// <summary>KVM_CAP_IRQCHIP: an in-kernel interrupt controller can be created.</summary>
    Irqchip = 0,
    /// <summary>KVM_CAP_USER_MEMORY.</summary>
    UserMemory = 3,
    /// <summary>KVM_CAP_SET_TSS_ADDR.</summary>
    SetTssAddr = 4,
    /// <summary>KVM_CAP_EXT_CPUID.</summary>
    ExtCpuid = 7,
    /// <summary>KVM_CAP_NR_VCPUS: the recommended maximum of vCPUs.</summary>
    NrVcpus = 9,
    /// <summary>KVM_CAP_NR_MEMSLOTS: memory slots per VM.</summary>
    NrMemslots = 10,
    /// <summary>KVM_CAP_MP_STATE.</summary>
    MpState = 14,
    /// <summary>KVM_CAP_IRQFD.</summary>
    Irqfd = 32,
    /// <summary>KVM_CAP_SET_IDENTITY_MAP_ADDR.</summary>
    SetIdentityMapAddr = 37,
    /// <summary>KVM_CAP_VCPU_EVENTS.</summary>
    VcpuEvents = 41,
    /// <summary>KVM_CAP_MAX_VCPUS: the hard maximum of vCPUs.</summary>
    MaxVcpus = 66,
    /// <summary>KVM_CAP_SYNC_REGS: register classes kvm_run can carry (a bit mask).</summary>
    SyncRegs = 74,
    /// <summary>KVM_CAP_MAX_VCPU_ID: vCPU ids are below this.</summary>
    MaxVcpuId = 128,
    /// <summary>KVM_CAP_IMMEDIATE_EXIT: kvm_run.immediate_exit is honoured.</summary>
    ImmediateExit = 136,
}
