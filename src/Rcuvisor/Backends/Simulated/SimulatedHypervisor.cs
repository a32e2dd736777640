namespace Rcuvisor.Backends.Simulated;

/// <summary>The managed simulated CPU: always available, runs the guest programs as a small model.</summary>
public sealed class SimulatedHypervisor : IHypervisor
{
    public string Name => "sim";

    public IVmBackend CreateVm(GuestProgram program, int maxVcpuId) => new SimulatedVm(program, maxVcpuId);
}
