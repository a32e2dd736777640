namespace Rcuvisor.Backends.Simulated;

/// <summary>The managed simulated CPU: always available, runs the guest programs as a small model.</summary>
public sealed class SimulatedHypervisor(SimulatedEntryRules entryRules = SimulatedEntryRules.Atomic) : IHypervisor
{
    public string Name => "sim";

    /// <summary>When its vCPUs take an injected interrupt relative to a kick.</summary>
    public SimulatedEntryRules EntryRules { get; } = entryRules;

    public IVmBackend CreateVm(GuestProgram program, int maxVcpuId) => new SimulatedVm(program, maxVcpuId, EntryRules);
}
