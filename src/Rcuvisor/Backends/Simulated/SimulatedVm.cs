namespace Rcuvisor.Backends.Simulated;

/// <summary>A simulated VM: the guest program and the guest memory its vCPUs share.</summary>
public sealed class SimulatedVm : IVmBackend
{
    /// <summary>A VM running <paramref name="program"/> on vCPU ids 0 to <paramref name="maxVcpuId"/>.</summary>
    public SimulatedVm(GuestProgram program, int maxVcpuId, SimulatedEntryRules entryRules = SimulatedEntryRules.Atomic)
    {
        ArgumentNullException.ThrowIfNull(program);
        Program = program;
        Memory = new GuestMemory(maxVcpuId);
        EntryRules = entryRules;
    }

    /// <summary>When its vCPUs take an injected interrupt relative to a kick.</summary>
    public SimulatedEntryRules EntryRules { get; }

    /// <inheritdoc/>
    public GuestProgram Program { get; }

    /// <summary>The guest memory the core can observe: the guests' interrupt counters.</summary>
    public GuestMemory Memory { get; }

    /// <inheritdoc/>
    public IVcpuBackend CreateVcpu(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(id, Memory.MaxVcpuId);
        return new SimulatedVcpu(id, Program, Memory, EntryRules);
    }

    /// <inheritdoc/>
    public long GuestInterruptCount(int id) => Memory.InterruptCount(id);

    /// <inheritdoc/>
    public void Dispose()
    {
        // Managed memory only: nothing to release. KVM closes its VM fd here.
    }
}
