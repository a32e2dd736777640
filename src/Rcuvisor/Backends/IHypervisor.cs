namespace Rcuvisor.Backends;

/// <summary>
/// A hypervisor backend (cloud-hypervisor's <c>hypervisor::Hypervisor</c>, minimal): the
/// simulated CPU here, Linux KVM in Rcuvisor.Kvm. Makes VMs.
/// </summary>
public interface IHypervisor
{
    /// <summary>Short name for logs and the command line: "sim", "kvm".</summary>
    string Name { get; }

    /// <param name="program">The guest program every vCPU runs.</param>
    /// <param name="maxVcpuId">The largest vCPU id the VM will create; sizes per-vCPU guest memory.</param>
    IVmBackend CreateVm(GuestProgram program, int maxVcpuId);
}
