namespace Rcuvisor.Tables;

/// <summary>The four designs of the 2017 KVM discussion (see docs/tables.md).</summary>
public enum VcpuTableStrategy
{
    /// <summary>Fixed size at creation: plain reads.</summary>
    Fixed,

    /// <summary>RCU-protected copy (the RFC): grow by copying, every read in an RCU section.</summary>
    RcuArray,

    /// <summary>Lockless tree (Linux's xarray since 5.17): a lock-free radix tree.</summary>
    RadixTree,

    /// <summary>Cached table pointer moved by each vCPU (Graf): each participant caches the table; growth moves them. The default.</summary>
    CachedMove,
}
