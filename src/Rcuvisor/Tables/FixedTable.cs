using Rcuvisor.Rcu;

namespace Rcuvisor.Tables;

/// <summary>
/// Fixed size at creation: both arrays sized then (KVM_CREATE_VM2's "caller names the
/// maximum"). Nothing ever moves, so no read needs protection; the price is memory
/// for every slot and id the VM might ever use.
/// </summary>
/// <remarks>
/// Remove waits for participants to pass a quiescent point, but foreign readers hold
/// nothing a writer could wait for: one may still use a member it found before the
/// removal (safe for memory, since the GC keeps the member alive; the VM core must not
/// tear a vCPU down under such a reader without its own protection).
/// </remarks>
public sealed class FixedTable<T> : VcpuTable<T> where T : class, ITableMember
{
    private readonly SlotArrayState<T> _state;

    /// <param name="capacity">Most members, also the first id that is out of range unless <paramref name="maxId"/> says otherwise.</param>
    /// <param name="maxId">Ids are below this; defaults to <paramref name="capacity"/>.</param>
    public FixedTable(int capacity, int? maxId = null)
        : base(capacity, maxId ?? capacity)
    {
        _state = new SlotArrayState<T>(MaxCount, MaxId);
    }

    /// <inheritdoc/>
    public override VcpuTableStrategy Strategy => VcpuTableStrategy.Fixed;

    /// <inheritdoc/>
    public override bool RemoveWaitsForForeignReaders => false;

    /// <inheritdoc/>
    public override int Count => Volatile.Read(ref _state.Count); // acquire: pairs with PublishCount

    /// <inheritdoc/>
    public override int Capacity => _state.Slots.Length;

    /// <inheritdoc/>
    public override ForeignView<T> ReadForeign()
    {
        ThrowIfDisposed();
        return new ForeignView<T>(_state, _state.ReadCount());
    }

    private protected override void Insert(T member, int index, bool append)
    {
        _state.Store(member, index);
        if (append)
            _state.PublishCount(index + 1);
    }

    private protected override int Clear(T member)
    {
        int index = _state.IndexOf(member);
        _state.Clear(index, member.Id);
        return index;
    }

    private protected override T? FindById(int id) => _state.ById[id];

    private protected override GracePeriodDomain? ReadersDomain => null;

    private protected override void SynchronizeReaders()
    {
        // Unprotected reads: nothing to wait for (see remarks).
    }

    private protected override long StrategyFootprintBytes() => ObjectSizes.Instance<FixedTable<T>>() + _state.FootprintBytes;

    internal override SlotArrayState<T> SharedStateForOwnViews() => _state; // views cache the one state
}
