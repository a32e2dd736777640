namespace Rcuvisor.Tables;

/// <summary>The four options of the 2017 KVM discussion (see docs/tables.md).</summary>
public enum VcpuTableStrategy
{
    /// <summary>Option 1: sized at creation, plain reads.</summary>
    Fixed,

    /// <summary>Option 2 (the RFC): grow by copying, every read in an RCU section.</summary>
    RcuArray,

    /// <summary>Option 3 (Linux's xarray since 5.17): a lock-free radix tree.</summary>
    RadixTree,

    /// <summary>Option 4 (Graf): each participant caches the table; growth moves them. The default.</summary>
    CachedMove,
}
