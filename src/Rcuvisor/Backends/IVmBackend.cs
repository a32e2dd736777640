namespace Rcuvisor.Backends;

/// <summary>
/// A backend's virtual machine (cloud-hypervisor's <c>hypervisor::vm::Vm</c>, minimal): guest
/// memory and the program loaded into it; makes the vCPUs. Disposed after all its vCPUs.
/// </summary>
public interface IVmBackend : IDisposable
{
    /// <summary>The guest program loaded into this VM, which every vCPU runs.</summary>
    GuestProgram Program { get; }

    /// <summary>Creates the backend half of vCPU <paramref name="id"/>; the core validates ids first.</summary>
    IVcpuBackend CreateVcpu(int id);

    /// <summary>
    /// How many interrupts the guest's handler on vCPU <paramref name="id"/> has counted,
    /// read from guest memory. Any thread; a value published by the vCPU's thread.
    /// </summary>
    long GuestInterruptCount(int id);
}
