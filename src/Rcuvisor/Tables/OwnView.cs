using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Rcuvisor.Tables;

/// <summary>
/// A participant's own view of the table, for its own thread only (a DEBUG build checks
/// that; a release build pays nothing). For CachedMove this is Graf's <c>vcpu->vcpus</c>:
/// the participant's private copy of the table reference, read with plain loads and
/// moved by the participant itself when the table grows. For Fixed it is the one state.
/// RcuArray views load the table's shared state on every read, protected by the
/// participant's own quiescent points rather than an RCU read section (QSBR-style;
/// docs/tables.md, "Own views of RcuArray"); RadixTree views walk the tree.
/// </summary>
/// <remarks>
/// Lifecycle: a view starts parked (not running). <see cref="Resume"/> on the
/// participant's thread makes it running; a running participant must call
/// <see cref="ProcessPendingUpdate"/> at its quiescent points (a vCPU: the request check
/// at the top of its run loop) and <see cref="Park"/> before it blocks, because the
/// table's writer waits for every running participant's acknowledgement, and updates
/// a parked participant's view itself.
/// </remarks>
public sealed class OwnView<T> where T : class, ITableMember
{
    private const int Parked = 0;
    private const int Running = 1;
    private const int UpdatingForParked = 2; // the writer owns Cached and _acknowledged
    private const int Detached = 3;

    // The cached state (null when the strategy reads the shared table). Written by the
    // owner while running, by the writer while parked (the _mode handshake keeps the two
    // apart); the owner reads it with plain loads.
    internal SlotArrayState<T>? Cached { get; private set; }

    // Cached.Slots and Cached.ById, copied here so the hot path is one field load, a bounds
    // check and one element load, as for a plain T[] field. Empty (never null) when the
    // strategy caches nothing, so that path is the out-of-range branch.
    private T?[] _slots = [];
    private T?[] _byId = [];

    private readonly VcpuTable<T> _table; // the writer's side: SharedStateForOwnViews when moving
    // The uncached strategies, as their concrete types (no interface dispatch on a read):
    // at most one is set, and only when Cached is null, for the view's life.
    private readonly RcuArrayTable<T>? _rcuArray;
    private readonly RadixTreeTable<T>? _tree;
    private long _requested;    // writer: release-stored round number after it published the change
    private long _acknowledged; // the last round this view has processed
    private int _mode = Parked;
    private int _ownerThreadId; // set by Resume; checked in DEBUG builds

    /// <summary>Writer, under the table lock (so no growth is between this read and the attach).</summary>
    internal OwnView(VcpuTable<T> table, ITableParticipant participant)
    {
        _table = table;
        _rcuArray = table as RcuArrayTable<T>;
        _tree = table as RadixTreeTable<T>;
        Participant = participant;
        var state = table.SharedStateForOwnViews();
        Debug.Assert((state is null) == (_rcuArray is not null || _tree is not null), "a view caches a state exactly when its table is neither RcuArray nor RadixTree");
        CacheState(state);
    }

    /// <summary>The participant (a vCPU) whose thread owns this view.</summary>
    public ITableParticipant Participant { get; }

    /// <summary>True between <see cref="Resume"/> and <see cref="Park"/>.</summary>
    public bool IsRunning => Volatile.Read(ref _mode) == Running;

    /// <summary>Indices in use (acquire: the slots below it are visible).</summary>
    public int Count
    {
        get
        {
            CheckOwnerThread();
            var state = Cached ?? _rcuArray?.OwnViewState();
            return state is null ? _tree!.Count : Volatile.Read(ref state.Count);
        }
    }

    /// <summary>
    /// The member at <paramref name="index"/>, or null. On the cached path this is the
    /// cached field load, a bounds check and a plain array load: no fence, no count. It
    /// needs no count bound for safety: a slot only ever holds null or a member stored
    /// (with release) after it was fully built and never withdrawn, and loads through the
    /// returned reference depend on it (the .NET memory model orders dependent loads).
    /// A slot at or past <see cref="Count"/> may show a member whose Add has not returned.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T? Get(int index)
    {
        CheckOwnerThread();
        CheckNotRetired();
        var slots = _slots;
        if ((uint)index < (uint)slots.Length)
            return slots[index];
        // Past the cache (always, for the uncached strategies): RcuArray's shared state (an
        // acquire load, then as above) or the tree's walk; a cached view's miss is null.
        // All inline: a call here, even one never made, would make a caller's loop keep its
        // values in callee-saved registers or on the stack.
        if (_rcuArray is { } rcuArray)
            return rcuArray.OwnViewState().OwnGet(index);
        return _tree?.OwnViewGet(index);
    }

    /// <summary>The member with id <paramref name="id"/>, or null: one array load on the cached path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T? GetById(int id)
    {
        CheckOwnerThread();
        CheckNotRetired();
        var byId = _byId;
        if ((uint)id < (uint)byId.Length)
            return byId[id];
        if (_rcuArray is { } rcuArray)
            return rcuArray.OwnViewState().GetById(id);
        return _tree?.LoadById(id);
    }

    /// <summary>Members in index (creation) order, holes skipped. Do not call ProcessPendingUpdate mid-enumeration.</summary>
    public OwnViewEnumerator<T> GetEnumerator()
    {
        CheckOwnerThread();
        if (Cached is { } cached)
        {
            CheckNotRetired();
            return new OwnViewEnumerator<T>(cached, _slots, Volatile.Read(ref cached.Count)); // acquire: the slots below it are visible
        }
        if (_tree is { } tree)
            return new OwnViewEnumerator<T>(tree.OwnViewIndexTree, tree.Count);
        // RcuArray: one state for the whole walk, which this thread's next quiescent point
        // (not before the walk ends) keeps from retirement.
        var state = _rcuArray!.OwnViewState();
        return new OwnViewEnumerator<T>(state, state.Slots, state.ReadCount());
    }

    /// <summary>
    /// The participant's quiescent point: if the table asked for an update, move the
    /// cached reference to the shared state and acknowledge. Returns whether it did.
    /// </summary>
    public bool ProcessPendingUpdate()
    {
        CheckOwnerThread();
        // Acquire: pairs with the writer's release of _requested, made after it published
        // the new state, so the shared load below sees that state.
        long requested = Volatile.Read(ref _requested);
        if (requested == _acknowledged)
            return false;
        if (Cached is not null)
            CacheState(_table.SharedStateForOwnViews());
        // Release: this thread's loads from the old state, and the store to Cached, are
        // ordered before the acknowledgement the writer waits for (before it retires).
        Volatile.Write(ref _acknowledged, requested);
        return true;
    }

    /// <summary>On the participant's thread: start (or restart) running; it must now answer update requests.</summary>
    public void Resume()
    {
        var spin = new SpinWait();
        // Full fence (CAS): an update the writer made while we were parked is visible
        // before our first read; pairs with the release that ends TryCompleteFor.
        while (Interlocked.CompareExchange(ref _mode, Running, Parked) != Parked)
        {
            int mode = Volatile.Read(ref _mode);
            if (mode == Running)
                throw new InvalidOperationException($"Participant {Participant.Id} resumed twice: its view is already running.");
            if (mode == Detached)
                throw new ObjectDisposedException(nameof(OwnView<T>), $"Participant {Participant.Id}'s view was detached from its table.");
            spin.SpinOnce(); // the writer is updating this view for us: a few stores
        }
        _ownerThreadId = Environment.CurrentManagedThreadId;
        ProcessPendingUpdate();
    }

    /// <summary>On the participant's thread, before it blocks: the writer updates a parked view itself.</summary>
    public void Park()
    {
        CheckOwnerThread();
        ProcessPendingUpdate();
        // Release: our last loads through Cached complete before the writer may replace it.
        Volatile.Write(ref _mode, Parked);
    }

    /// <summary>Writer, under the table lock, before the view is handed to its owner: it holds the state of every round up to <paramref name="round"/>.</summary>
    internal void StartAfterRound(long round) => _requested = _acknowledged = round; // published with the view (the lock, then the owner's Resume CAS)

    /// <summary>Writer, under the table lock: ask for round <paramref name="round"/>.</summary>
    internal void Request(long round)
    {
        Volatile.Write(ref _requested, round); // release: pairs with ProcessPendingUpdate's acquire
        Participant.RequestUpdate();
    }

    /// <summary>
    /// Writer: true once this view has processed <paramref name="round"/>, either by its
    /// own acknowledgement or, if parked, by the writer updating it now.
    /// </summary>
    internal bool TryComplete(long round)
    {
        // Acquire: pairs with ProcessPendingUpdate's release of _acknowledged.
        if (Volatile.Read(ref _acknowledged) >= round)
            return true;
        // Full fence (CAS): the owner's loads before Park (a release) are complete.
        if (Interlocked.CompareExchange(ref _mode, UpdatingForParked, Parked) != Parked)
            return IsOwnerAwayFromView();
        if (Cached is not null)
            CacheState(_table.SharedStateForOwnViews());
        _acknowledged = round;
        Volatile.Write(ref _mode, Parked); // release: pairs with Resume's CAS
        return true;
    }

    /// <summary>
    /// Writer: a detached view needs nothing; a running owner in its extended quiescent
    /// state reads nothing through the view now and processes this round before it reads
    /// again. Valid only after the writer's process-wide barrier (ParticipantSet.Begin).
    /// </summary>
    private bool IsOwnerAwayFromView() => Volatile.Read(ref _mode) switch
    {
        Detached => true,
        Running => Participant.IsInExtendedQuiescentState,
        _ => false,
    };

    private void CacheState(SlotArrayState<T>? state)
    {
        Cached = state;
        _slots = state?.Slots ?? [];
        _byId = state?.ById ?? [];
    }

    /// <summary>Writer side, with the writer quiet (an audit): true if the view holds the table's current state, or caches none.</summary>
    internal bool IsOnCurrentState => Cached is null || ReferenceEquals(Cached, _table.SharedStateForOwnViews());

    internal void MarkDetached() => Volatile.Write(ref _mode, Detached);

    [Conditional("DEBUG")]
    private void CheckOwnerThread()
    {
        if (Volatile.Read(ref _mode) != Running || _ownerThreadId != Environment.CurrentManagedThreadId)
            throw new InvalidOperationException(
                $"Own view of participant {Participant.Id} used on thread {Environment.CurrentManagedThreadId}; " +
                $"it belongs to running thread {_ownerThreadId} (mode {Volatile.Read(ref _mode)}). Use ReadForeign() instead.");
    }

    [Conditional("DEBUG")]
    private void CheckNotRetired() => Cached?.ThrowIfRetired();
}
