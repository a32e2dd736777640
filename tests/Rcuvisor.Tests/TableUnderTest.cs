using Rcuvisor.Rcu;
using Rcuvisor.Tables;

namespace Rcuvisor.Tests;

/// <summary>A table of one strategy with its own checked (poisoning) grace-period domains.</summary>
public sealed class TableUnderTest : IDisposable
{
    public TableUnderTest(VcpuTableStrategy strategy, VcpuTableLimits? limits = null, bool breakMoveProtocol = false)
    {
        Rcu = new RcuDomain(new GracePeriodOptions { Checked = true, Name = $"{strategy}-rcu" });
        Srcu = new SrcuDomain(new GracePeriodOptions { Checked = true, Name = $"{strategy}-srcu" });
        limits ??= VcpuTableLimits.Default;
        Table = breakMoveProtocol
            ? new CachedMoveTable<TestVcpu>(Srcu, limits) { RetireWithoutMovingParticipants = true }
            : VcpuTables.Create<TestVcpu>(strategy, limits, Rcu, Srcu);
    }

    public RcuDomain Rcu { get; }

    public SrcuDomain Srcu { get; }

    public VcpuTable<TestVcpu> Table { get; }

    /// <summary>Runs every retirement queued so far (so retired states are poisoned now).</summary>
    public void DrainRetired()
    {
        Rcu.Barrier();
        Srcu.Barrier();
    }

    public void Dispose()
    {
        Table.Dispose();
        Rcu.Dispose();
        Srcu.Dispose();
    }
}
