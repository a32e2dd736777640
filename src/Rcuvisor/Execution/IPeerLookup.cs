namespace Rcuvisor.Execution;

/// <summary>
/// A vCPU's own view of its peers, read only on that vCPU's thread (the doorbell exit
/// path). The cached-move table's per-vCPU cached table will implement it: a plain field
/// load, valid because the table is only retired after every vCPU has moved off it.
/// </summary>
public interface IPeerLookup
{
    /// <summary>The vCPU with <paramref name="id"/>, or null if there is none; never throws for a bad id.</summary>
    Vcpu? GetById(int id);
}
