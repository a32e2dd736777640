namespace Rcuvisor.Kvm;

/// <summary>What this host's KVM reports (the <c>info</c> command prints it).</summary>
/// <param name="Path">The device opened.</param>
/// <param name="ApiVersion">KVM_GET_API_VERSION (12).</param>
/// <param name="VcpuMmapSize">KVM_GET_VCPU_MMAP_SIZE.</param>
/// <param name="MaxVcpus">KVM_CAP_MAX_VCPUS (or its fallbacks).</param>
/// <param name="MaxVcpuId">KVM_CAP_MAX_VCPU_ID (or MaxVcpus).</param>
/// <param name="ImmediateExit">KVM_CAP_IMMEDIATE_EXIT: kicks need it.</param>
/// <param name="Irqchip">KVM_CAP_IRQCHIP.</param>
/// <param name="Irqfd">KVM_CAP_IRQFD.</param>
/// <param name="UserMemory">KVM_CAP_USER_MEMORY.</param>
/// <param name="NrMemslots">KVM_CAP_NR_MEMSLOTS.</param>
/// <param name="SyncRegs">KVM_CAP_SYNC_REGS (a mask of register classes; 0 when absent).</param>
/// <param name="Module">The kernel module behind it: kvm_pvm, kvm_intel, kvm_amd, or unknown.</param>
public sealed record KvmHostFacts(
    string Path,
    int ApiVersion,
    int VcpuMmapSize,
    int MaxVcpus,
    int MaxVcpuId,
    bool ImmediateExit,
    bool Irqchip,
    bool Irqfd,
    bool UserMemory,
    int NrMemslots,
    int SyncRegs,
    string Module)
{
    /// <summary>kvm_pvm: guest CPL0 code is emulated (~1 M instructions/s); CPL3 runs natively.</summary>
    public bool IsKvmPvm => Module == "kvm_pvm";
}
