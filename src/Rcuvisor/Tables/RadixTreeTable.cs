using Rcuvisor.Rcu;
using System.Runtime.CompilerServices;

namespace Rcuvisor.Tables;

/// <summary>
/// The lockless tree, what Linux adopted (an xarray, 5.17): a lock-free radix tree by id, so
/// <c>GetById</c> is a walk of at most four 64-way levels and sparse ids cost a node
/// path, not an array; a second tree by index keeps creation order. Nodes are never
/// copied or moved, so readers need no protection beyond acquire loads (the GC keeps
/// a removed member alive for a reader that still holds it).
/// </summary>
/// <remarks>
/// Remove waits for participants to pass a quiescent point; foreign readers hold
/// nothing to wait for, as with <see cref="FixedTable{T}"/>.
/// </remarks>
public sealed class RadixTreeTable<T> : VcpuTable<T> where T : class, ITableMember
{
    private readonly RadixTree<T> _byId = new();
    private readonly RadixTree<T> _byIndex = new();
    private int _count; // release-stored after the index slot; acquire-loaded before a walk
    private long _freedBytes; // writer only: nodes the last Clear freed
    private bool _lostLevel;  // writer only: that Clear dropped a level of the index tree

    /// <summary>An empty tree bounded by <paramref name="limits"/> (<see cref="VcpuTableLimits.Default"/> when null).</summary>
    public RadixTreeTable(VcpuTableLimits? limits = null) : base(limits ?? VcpuTableLimits.Default)
    {
    }

    /// <inheritdoc/>
    public override VcpuTableStrategy Strategy => VcpuTableStrategy.RadixTree;

    /// <inheritdoc/>
    public override bool RemoveWaitsForForeignReaders => false;

    /// <inheritdoc/>
    public override int Count => Volatile.Read(ref _count);

    /// <inheritdoc/>
    public override int Capacity => _byIndex.KeyCapacity;

    /// <inheritdoc/>
    public override ForeignView<T> ReadForeign()
    {
        ThrowIfDisposed();
        return new ForeignView<T>(this, Count);
    }

    internal T? GetByIndex(int index, int count) => (uint)index < (uint)count ? _byIndex.Load(index) : null;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T? LoadById(int id) => _byId.Load(id);

    private protected override void Insert(T member, int index, bool append)
    {
        int capacity = _byIndex.KeyCapacity;
        _byIndex.Store(index, member);
        if (_byIndex.KeyCapacity > capacity)
            CountResize(grew: true, 0); // a level added above the old root: nothing discarded
        _byId.Store(member.Id, member);
        if (append)
            Volatile.Write(ref _count, index + 1); // release: the index slot first
    }

    private protected override int Clear(T member)
    {
        int count = _count;
        for (int i = 0; i < count; i++) // slow path only; lookups never scan
        {
            if (ReferenceEquals(_byIndex.Load(i), member))
            {
                // Erasing frees the nodes it empties and the levels nothing needs: the tree
                // tracks its keys (RadixTree remarks). A lost level counts as a shrink.
                int capacity = _byIndex.KeyCapacity;
                long bytes = _byIndex.FootprintBytes + _byId.FootprintBytes;
                _byIndex.Store(i, null);
                _byId.Store(member.Id, null);
                long freed = bytes - _byIndex.FootprintBytes - _byId.FootprintBytes;
                _lostLevel = _byIndex.KeyCapacity < capacity;
                if (_lostLevel)
                    _freedBytes = freed; // counted with the shrink, in TryShrink
                else
                    CountDiscarded(freed);
                return i;
            }
        }
        throw new InvalidOperationException($"vCPU id {member.Id} is in the id tree but at no index: table corrupt.");
    }

    private protected override T? FindById(int id) => _byId.Load(id);

    // The tree frees its nodes as it erases (Clear); when that cost the index tree a level,
    // the count drops to the highest live index + 1, as an array table's does when it
    // shrinks, so the free list stops holding indices the tree no longer reaches.
    private protected override bool TryShrink()
    {
        if (!_lostLevel)
            return false;
        _lostLevel = false;
        int count = _count;
        while (count > 0 && _byIndex.Load(count - 1) is null)
            count--;
        BeginShrink();                     // before the trimmed count is published (see ShrinksBegun)
        Volatile.Write(ref _count, count); // release, as for an append (a reader past it finds erased slots)
        CountResize(grew: false, _freedBytes);
        return true;
    }

    private protected override GracePeriodDomain? ReadersDomain => null;

    private protected override void SynchronizeReaders()
    {
        // Lock-free reads hold nothing to wait for (see remarks).
    }

    private protected override long StrategyFootprintBytes() =>
        ObjectSizes.Instance<RadixTreeTable<T>>() + _byId.FootprintBytes + _byIndex.FootprintBytes;

    internal override SlotArrayState<T>? SharedStateForOwnViews() => null;

    /// <summary>The tree by index, which an own view's enumerator walks itself.</summary>
    internal RadixTree<T> OwnViewIndexTree => _byIndex;

    /// <summary>
    /// An own view's read: the slot, with no count bound, as a cached view's read has none
    /// (a slot holds null or a member stored with release after it was built).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T? OwnViewGet(int index) => _byIndex.Load(index);
}
