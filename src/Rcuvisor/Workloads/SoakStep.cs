namespace Rcuvisor.Workloads;

/// <summary>
/// One operation of a soak schedule: its number (from 1), its kind, the vCPU id it plugs or
/// unplugs (-1 otherwise), for a storm its threads and signals per thread, and how long the
/// VM runs untouched after it.
/// </summary>
public sealed record SoakStep(long Number, SoakOperationKind Kind, int VcpuId, int StormThreads, int StormSignals, TimeSpan RunAfter)
{
    /// <summary>The step's number and operation, as failures name it.</summary>
    public override string ToString() => Kind switch
    {
        SoakOperationKind.Plug => $"step {Number}: plug vCPU {VcpuId}",
        SoakOperationKind.Unplug => $"step {Number}: unplug vCPU {VcpuId}",
        SoakOperationKind.IrqStorm => $"step {Number}: interrupt storm ({StormThreads} threads x {StormSignals} signals)",
        _ => $"step {Number}: {Kind.ToString().ToLowerInvariant()}",
    };
}
