using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Rcuvisor.Tables;

/// <summary>
/// A participant's own view of the table, for its own thread only (a DEBUG build checks
/// that; a release build pays nothing). For CachedMove this is Graf's <c>vcpu->vcpus</c>:
/// the participant's private copy of the table reference, read with plain loads and
/// moved by the participant itself when the table grows. For Fixed it is the one state;
/// RcuArray and RadixTree views read the shared table with the strategy's protection.
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
    // strategy reads the shared table, so that path is the out-of-range branch.
    private T?[] _slots = [];
    private T?[] _byId = [];

    private readonly VcpuTable<T> _table;      // the writer's side: SharedStateForOwnViews when moving
    private readonly IOwnViewReads<T>? _reads; // non-null exactly when Cached is null, for the view's life
    private long _requested;    // writer: release-stored round number after it published the change
    private long _acknowledged; // the last round this view has processed
    private int _mode = Parked;
    private int _ownerThreadId; // set by Resume; checked in DEBUG builds

    /// <summary>Writer, under the table lock (so no growth is between this read and the attach).</summary>
    internal OwnView(VcpuTable<T> table, ITableParticipant participant)
    {
        _table = table;
        _reads = table.OwnViewReads;
        Participant = participant;
        var state = table.SharedStateForOwnViews();
        Debug.Assert((state is null) != (_reads is null), "a table hands its views either a state to cache or its reads, never both or neither");
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
            var state = Cached;
            return state is null ? _reads!.OwnViewCount() : Volatile.Read(ref state.Count);
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
        return (uint)index < (uint)slots.Length ? slots[index] : GetOutsideCache(index);
    }

    /// <summary>The member with id <paramref name="id"/>, or null: one array load on the cached path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T? GetById(int id)
    {
        CheckOwnerThread();
        CheckNotRetired();
        var byId = _byId;
        return (uint)id < (uint)byId.Length ? byId[id] : GetByIdOutsideCache(id);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private T? GetOutsideCache(int index) => _reads?.OwnViewGet(index); // a cached view's miss is null: past its arrays

    [MethodImpl(MethodImplOptions.NoInlining)]
    private T? GetByIdOutsideCache(int id) => _reads?.OwnViewGetById(id);

    /// <summary>Members in index (creation) order, holes skipped. Do not call ProcessPendingUpdate mid-enumeration.</summary>
    public OwnViewEnumerator<T> GetEnumerator()
    {
        CheckOwnerThread();
        var state = Cached;
        if (state is null)
            return new OwnViewEnumerator<T>(_reads!, _reads!.OwnViewCount());
        CheckNotRetired();
        return new OwnViewEnumerator<T>(_slots, Volatile.Read(ref state.Count));
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
    /// again. Valid only after the writer's process-wide barrier (ParticipantSet.UpdateAll).
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
