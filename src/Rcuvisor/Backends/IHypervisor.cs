namespace Rcuvisor.Backends;

/// <summary>
/// A hypervisor backend (cloud-hypervisor's <c>hypervisor::Hypervisor</c>, minimal): the
/// simulated CPU here, Linux KVM in Rcuvisor.Kvm. Makes VMs.
/// </summary>
public interface IHypervisor
{
    /// <summary>Short name for logs and the command line: "sim", "kvm".</summary>
    string Name { get; }

    /// <summary>The most vCPUs one VM may have on this backend (KVM: KVM_CAP_MAX_VCPUS).</summary>
    int MaxVcpus => VmOptions.Limit;

    /// <summary>vCPU ids must be below this (KVM: KVM_CAP_MAX_VCPU_ID).</summary>
    int MaxVcpuIds => VmOptions.Limit;

    /// <param name="program">The guest program every vCPU runs.</param>
    /// <param name="maxVcpuId">The largest vCPU id the VM will create; sizes per-vCPU guest memory.</param>
    IVmBackend CreateVm(GuestProgram program, int maxVcpuId);
}
