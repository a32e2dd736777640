using Rcuvisor.Rcu;

namespace Rcuvisor.Tables;

/// <summary>
/// The cached table pointer moved by each vCPU (Graf's proposal) and the default: every participant caches the state
/// reference in its <see cref="OwnView{T}"/> and reads it with plain loads. Growth
/// publishes a doubled copy, asks every participant to move its own cached reference,
/// publishes the new count, and retires the old state through SRCU once every view has
/// moved (updating parked ones itself); a view its owner is still reading is not waited
/// for: the retirement is deferred until it moves. See docs/tables.md for the ordering
/// argument, point by point.
/// </summary>
public sealed class CachedMoveTable<T> : VcpuTable<T> where T : class, ITableMember
{
    private readonly SrcuDomain _srcu;

    // Release-stored by the writer (step 1); acquire-loaded by foreign readers inside
    // an SRCU section and by participants when they move.
    private SlotArrayState<T> _shared;
    private readonly int _floor; // a shrink never goes below the initial capacity

    /// <param name="srcu">The VM's SRCU domain for foreign readers (shared, not owned).</param>
    /// <param name="limits">Maximum count and ids, and the initial capacity; <see cref="VcpuTableLimits.Default"/> when null.</param>
    public CachedMoveTable(SrcuDomain srcu, VcpuTableLimits? limits = null) : base(limits ?? VcpuTableLimits.Default)
    {
        ArgumentNullException.ThrowIfNull(srcu);
        _srcu = srcu;
        var initial = limits ?? VcpuTableLimits.Default;
        _floor = initial.InitialCapacity;
        _shared = new SlotArrayState<T>(initial.InitialCapacity, Math.Min(initial.InitialCapacity, MaxId));
    }

    /// <inheritdoc/>
    public override VcpuTableStrategy Strategy => VcpuTableStrategy.CachedMove;

    /// <inheritdoc/>
    public override bool RemoveWaitsForForeignReaders => true;

    /// <inheritdoc/>
    public override int Count => Volatile.Read(ref Volatile.Read(ref _shared).Count);

    /// <inheritdoc/>
    public override int Capacity => Volatile.Read(ref _shared).Slots.Length;

    /// <summary>
    /// Deliberately broken for one test: growth retires the old state without waiting for
    /// participants to move, which the stress harness must catch.
    /// </summary>
    internal bool RetireWithoutMovingParticipants { get; init; }

    /// <inheritdoc/>
    public override ForeignView<T> ReadForeign()
    {
        ThrowIfDisposed();
        // Read's acquire read-back of its count keeps the shared load after it; SRCU's membarrier, the hardware.
        var scope = _srcu.Read();
        var state = Volatile.Read(ref _shared);
        return new ForeignView<T>(state, state.ReadCount(), scope);
    }

    private protected override void Insert(T member, int index, bool append)
    {
        var old = _shared; // the writer's own field: no ordering needed under the lock
        if (old.Fits(index, member.Id))
        {
            old.Store(member, index); // every view caches `old`: they all see the member
            if (append)
                old.PublishCount(index + 1);
            return;
        }
        var grown = old.GrowToFit(index, member.Id, MaxCount, MaxId);
        grown.Store(member, index);                 // W1. grown.Count is still the old count
        Replace(old, grown, grew: true);            // W2 to W4, W5 and W6 perhaps deferred
        if (append)
            grown.PublishCount(index + 1);          // W7. after every view was asked (W3): a vCPU told of the index moves first
    }

    private protected override bool TryShrink()
    {
        var old = _shared; // the writer's own field
        if (old.ShrunkCopy(_floor) is not { } shrunk)
            return false;
        Replace(old, shrunk, grew: false); // the growth protocol, unchanged (docs/tables.md, "Shrink")
        return true;
    }

    // The move protocol: W2 publish, W3 ask every view, W4 each moved, W5/W6 retire `old` after an SRCU grace period.
    private void Replace(SlotArrayState<T> old, SlotArrayState<T> next, bool grew)
    {
        if (!grew)
            BeginShrink();                          // before the publish (see ShrinksBegun)
        Volatile.Write(ref _shared, next);          // W2. publish (release: the copy first)
        if (RetireWithoutMovingParticipants)
            _srcu.Retire(old);                      // the broken variant: no view is asked to move
        else
            RetireAfterRound(_srcu, old);           // W3, W3b, W4; Retire is W5 (its grace period) and W6
        // After W3 (release): a thread that reads the new Shrinks or Growths with acquire and
        // then checks its view's requests finds the move asked (parked views were moved in W3).
        CountResize(grew, old.FootprintBytes);
    }

    private protected override int Clear(T member)
    {
        int index = _shared.IndexOf(member);
        _shared.Clear(index, member.Id);
        return index;
    }

    private protected override T? FindById(int id) => _shared.GetById(id);

    private protected override GracePeriodDomain? ReadersDomain => _srcu;

    private protected override void SynchronizeReaders() => _srcu.Synchronize();

    private protected override long StrategyFootprintBytes() => ObjectSizes.Instance<CachedMoveTable<T>>() + _shared.FootprintBytes;

    internal override SlotArrayState<T> SharedStateForOwnViews() => Volatile.Read(ref _shared); // acquire: the state is complete
}
