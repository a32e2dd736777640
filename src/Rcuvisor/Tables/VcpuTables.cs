using Rcuvisor.Rcu;

namespace Rcuvisor.Tables;

/// <summary>Creates a table of a given strategy, for callers that choose it at run time.</summary>
public static class VcpuTables
{
    /// <param name="strategy">Which of the four tables to make.</param>
    /// <param name="limits">For Fixed, MaxCount is the capacity allocated up front.</param>
    /// <param name="rcu">Used by RcuArray.</param>
    /// <param name="srcu">Used by CachedMove (foreign readers).</param>
    public static VcpuTable<T> Create<T>(VcpuTableStrategy strategy, VcpuTableLimits limits, RcuDomain rcu, SrcuDomain srcu)
        where T : class, ITableMember => strategy switch
        {
            VcpuTableStrategy.Fixed => new FixedTable<T>(limits.MaxCount, limits.MaxId),
            VcpuTableStrategy.RcuArray => new RcuArrayTable<T>(rcu, limits),
            VcpuTableStrategy.RadixTree => new RadixTreeTable<T>(limits),
            VcpuTableStrategy.CachedMove => new CachedMoveTable<T>(srcu, limits),
            _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown vCPU table strategy."),
        };
}
