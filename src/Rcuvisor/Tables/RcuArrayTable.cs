using Rcuvisor.Rcu;

namespace Rcuvisor.Tables;

/// <summary>
/// The RCU-protected copy, the 2017 RFC's design: one shared reference to the current state, loaded by every
/// reader on every read. Foreign readers load it inside an <see cref="RcuDomain"/> read
/// section; participants (own views) load it under their own quiescent points instead
/// (QSBR-style: docs/tables.md, "Own views of RcuArray"). Growth copies into a state of
/// twice the capacity, publishes it, and once every participant has passed a quiescent
/// point (deferred if one is still reading) retires the old one through
/// <see cref="GracePeriodDomain.Retire{T}"/> (poisoned in checked mode).
/// </summary>
public sealed class RcuArrayTable<T> : VcpuTable<T> where T : class, ITableMember
{
    private readonly RcuDomain _rcu;

    // Release-stored by the writer after the state is complete; acquire-loaded by
    // readers inside a read section, which keeps the state they load from retirement.
    private SlotArrayState<T> _shared;
    private readonly int _floor; // a shrink never goes below the initial capacity

    /// <param name="rcu">The VM's RCU domain (shared, not owned: its bytes are not the table's).</param>
    /// <param name="limits">Maximum count and ids, and the initial capacity; <see cref="VcpuTableLimits.Default"/> when null.</param>
    public RcuArrayTable(RcuDomain rcu, VcpuTableLimits? limits = null) : base(limits ?? VcpuTableLimits.Default)
    {
        ArgumentNullException.ThrowIfNull(rcu);
        _rcu = rcu;
        var initial = limits ?? VcpuTableLimits.Default;
        _floor = initial.InitialCapacity;
        _shared = new SlotArrayState<T>(initial.InitialCapacity, Math.Min(initial.InitialCapacity, MaxId));
    }

    /// <inheritdoc/>
    public override VcpuTableStrategy Strategy => VcpuTableStrategy.RcuArray;

    /// <inheritdoc/>
    public override bool RemoveWaitsForForeignReaders => true;

    // No read section needed: a count is one int, and even a retired state's count is
    // one this table had (the GC keeps the object); acquire pairs with PublishCount.
    /// <inheritdoc/>
    public override int Count => Volatile.Read(ref Volatile.Read(ref _shared).Count);

    /// <inheritdoc/>
    public override int Capacity => Volatile.Read(ref _shared).Slots.Length;

    /// <summary>
    /// Deliberately broken for one test: growth and shrink retire the old state after the
    /// RCU grace period alone, which own views (outside any read section) are not covered
    /// by; the poisoning test must catch it.
    /// </summary>
    internal bool RetireWithoutWaitingForParticipants { get; init; }

    /// <inheritdoc/>
    public override ForeignView<T> ReadForeign()
    {
        ThrowIfDisposed();
        var scope = _rcu.Read(); // not inlined: the load below cannot be hoisted above the section's entry
        var state = Volatile.Read(ref _shared);
        return new ForeignView<T>(state, state.ReadCount(), scope);
    }

    private protected override void Insert(T member, int index, bool append)
    {
        var state = _shared; // the writer's own field: no ordering needed under the lock
        if (!state.Fits(index, member.Id))
        {
            var grown = state.GrowToFit(index, member.Id, MaxCount, MaxId);
            grown.Store(member, index);
            Volatile.Write(ref _shared, grown); // release: the copy and the member before the reference
            CountResize(grew: true, state.FootprintBytes);
            Retire(state);
            state = grown;
        }
        else
        {
            state.Store(member, index);
        }
        if (append)
            state.PublishCount(index + 1);
    }

    private protected override bool TryShrink()
    {
        var old = _shared; // the writer's own field
        if (old.ShrunkCopy(_floor) is not { } shrunk)
            return false;
        BeginShrink();                       // before the publish (see ShrinksBegun)
        Volatile.Write(ref _shared, shrunk); // release: the copy before the reference
        CountResize(grew: false, old.FootprintBytes);
        Retire(old);                         // as for growth
        return true;
    }

    // Own views that loaded `old` pass a quiescent point (the round, perhaps deferred), and
    // foreign readers that loaded it finish their sections (Retire's grace period), first.
    private void Retire(SlotArrayState<T> old)
    {
        if (RetireWithoutWaitingForParticipants)
            _rcu.Retire(old);
        else
            RetireAfterRound(_rcu, old);
    }

    private protected override int Clear(T member)
    {
        int index = _shared.IndexOf(member);
        _shared.Clear(index, member.Id);
        return index;
    }

    private protected override T? FindById(int id) => _shared.GetById(id);

    private protected override GracePeriodDomain? ReadersDomain => _rcu;

    private protected override void SynchronizeReaders() => _rcu.Synchronize();

    private protected override long StrategyFootprintBytes() => ObjectSizes.Instance<RcuArrayTable<T>>() + _shared.FootprintBytes;

    internal override SlotArrayState<T>? SharedStateForOwnViews() => null;

    /// <summary>
    /// An own view's load of the shared state, without a read section: acquire, so the
    /// state is complete. The participant's quiescent points protect what it loads: growth
    /// and shrink retire a state only after every participant has passed one.
    /// </summary>
    internal SlotArrayState<T> OwnViewState() => Volatile.Read(ref _shared);
}
