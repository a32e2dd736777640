namespace Rcuvisor.Kvm;

/// <summary>KVM_MP_STATE_*: a vCPU's multiprocessing state.</summary>
public enum VcpuMpState : uint
{
    /// <summary>KVM_MP_STATE_RUNNABLE.</summary>
    Runnable = 0,
    /// <summary>KVM_MP_STATE_UNINITIALIZED: waits for INIT/SIPI (in-kernel irqchip, not vCPU 0).</summary>
    Uninitialized = 1,
    /// <summary>KVM_MP_STATE_INIT_RECEIVED.</summary>
    InitReceived = 2,
    /// <summary>KVM_MP_STATE_HALTED.</summary>
    Halted = 3,
    /// <summary>KVM_MP_STATE_SIPI_RECEIVED.</summary>
    SipiReceived = 4,
}
