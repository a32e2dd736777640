namespace Rcuvisor.Execution;

/// <summary>
/// Where a vCPU gets its own view of its peers. Asked on the vCPU's own thread when it
/// starts and each time it handles <see cref="VcpuRequest.UpdateVcpus"/>: that is the
/// moment the cached-move table's vCPU moves its cached pointer to the current table.
/// </summary>
public interface IPeerViewSource
{
    IPeerLookup ViewFor(Vcpu vcpu);
}
