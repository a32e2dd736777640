using Rcuvisor.Rcu;
using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary>A table of one strategy with its own checked (poisoning) grace-period domains.</summary>
public sealed class TableUnderTest : IDisposable
{
    private readonly VcpuTableStrategy _strategy;
    private readonly VcpuTableLimits _limits;
    private VcpuTable<TestVcpu>? _table;

    public TableUnderTest(VcpuTableStrategy strategy, VcpuTableLimits? limits = null, bool breakMoveProtocol = false, bool createTable = true)
    {
        Rcu = new RcuDomain(new GracePeriodOptions { Checked = true, Name = $"{strategy}-rcu" });
        Srcu = new SrcuDomain(new GracePeriodOptions { Checked = true, Name = $"{strategy}-srcu" });
        _strategy = strategy;
        _limits = limits ?? VcpuTableLimits.Default;
        if (breakMoveProtocol)
        {
            _table = strategy switch
            {
                VcpuTableStrategy.CachedMove => new CachedMoveTable<TestVcpu>(Srcu, _limits) { RetireWithoutMovingParticipants = true },
                VcpuTableStrategy.RcuArray => new RcuArrayTable<TestVcpu>(Rcu, _limits) { RetireWithoutWaitingForParticipants = true },
                _ => throw new ArgumentException($"{strategy} has no participant protocol to break", nameof(strategy)),
            };
        }
        else if (createTable)
            CreateTable();
    }

    /// <summary>Creates the table (for tests that measure its construction); once.</summary>
    public VcpuTable<TestVcpu> CreateTable() =>
        _table = _table is null ? VcpuTables.Create<TestVcpu>(_strategy, _limits, Rcu, Srcu) : throw new InvalidOperationException("table exists");

    public RcuDomain Rcu { get; }

    public SrcuDomain Srcu { get; }

    public VcpuTable<TestVcpu> Table => _table ?? throw new InvalidOperationException("call CreateTable first");

    /// <summary>Runs every retirement queued so far (so retired states are poisoned now).</summary>
    public void DrainRetired()
    {
        _table?.WaitForRetirements(); // those deferred until a round ended hand their states to a domain
        Rcu.Barrier();
        Srcu.Barrier();
    }

    public void Dispose()
    {
        _table?.Dispose();
        Rcu.Dispose();
        Srcu.Dispose();
    }
}
