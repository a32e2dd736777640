namespace Rcuvisor.Backends.Simulated;

/// <summary>A simulated VM: the guest program and the guest memory its vCPUs share.</summary>
public sealed class SimulatedVm : IVmBackend
{
    public SimulatedVm(GuestProgram program, int maxVcpuId, SimulatedEntryRules entryRules = SimulatedEntryRules.Atomic)
    {
        ArgumentNullException.ThrowIfNull(program);
        Program = program;
        Memory = new GuestMemory(maxVcpuId);
        EntryRules = entryRules;
    }

    public SimulatedEntryRules EntryRules { get; }

    public GuestProgram Program { get; }

    public GuestMemory Memory { get; }

    public IVcpuBackend CreateVcpu(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(id, Memory.MaxVcpuId);
        return new SimulatedVcpu(id, Program, Memory, EntryRules);
    }

    public long GuestInterruptCount(int id) => Memory.InterruptCount(id);

    public void Dispose()
    {
        // Managed memory only: nothing to release. KVM closes its VM fd here.
    }
}
