namespace Rcuvisor.Tables;

/// <summary>
/// What the four strategies share: validation, the writer lock, index reuse, the
/// participants and the removal grace period. A strategy supplies storage and reads.
/// </summary>
/// <remarks>
/// The writer lock is the table's own (its participant set): <see cref="Add"/>,
/// <see cref="Remove"/>, <see cref="Attach"/> and <see cref="Detach"/> take it, so a
/// caller needs no lock of its own; a VM's creation lock may wrap it. Every check runs
/// before the first store, so a rejected call leaves the table unchanged.
/// </remarks>
public abstract class VcpuTable<T> : IVcpuTable<T> where T : class, ITableMember
{
    private readonly ParticipantSet<T> _participants = new(); // also the writer lock
    private int[]? _freeIndices; // indices freed by Remove, reused most recent first
    private int _freeCount;
    private int _disposed;

    private protected VcpuTable(VcpuTableLimits limits)
        : this(limits?.MaxCount ?? throw new ArgumentNullException(nameof(limits)), limits.MaxId)
    {
        limits.Validate();
    }

    private protected VcpuTable(int maxCount, int maxId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxId, 1);
        MaxCount = maxCount;
        MaxId = maxId;
    }

    public abstract int Count { get; }

    public abstract int Capacity { get; }

    public int MaxCount { get; }

    public int MaxId { get; }

    public abstract VcpuTableStrategy Strategy { get; }

    /// <summary>
    /// True when <see cref="Remove"/>'s grace period also covers foreign views (SRCU, RCU).
    /// When false (Fixed, RadixTree: their foreign reads hold nothing), a caller that tears a
    /// removed member down must protect its foreign readers itself, as the Vm does with SRCU.
    /// </summary>
    public abstract bool RemoveWaitsForForeignReaders { get; }

    /// <summary>Participants attached now.</summary>
    public int ParticipantCount
    {
        get
        {
            lock (_participants)
                return _participants.Count;
        }
    }

    public long FootprintBytes
    {
        get
        {
            lock (_participants)
            {
                return StrategyFootprintBytes() + _participants.FootprintBytes
                    + (_freeIndices is null ? 0 : ObjectSizes.ArrayOfInt32(_freeIndices.Length));
            }
        }
    }

    private protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Bytes of the states growth has replaced and retired, as their footprints stood: what the
    /// table allocated and no longer holds. Writer-maintained; read it with the writer quiet.
    /// </summary>
    internal long DiscardedBytes { get; private set; }

    /// <summary>Writer, under the lock: a state of <paramref name="bytes"/> was outgrown and retired.</summary>
    private protected void CountDiscarded(long bytes) => DiscardedBytes += bytes;

    public void Add(T member)
    {
        ArgumentNullException.ThrowIfNull(member);
        lock (_participants)
        {
            ThrowIfDisposed();
            int id = member.Id;
            ThrowIfIdOutOfRange(id);
            if (FindById(id) is not null)
                throw new DuplicateVcpuIdException(id, MaxId);
            bool reuse = _freeCount > 0;
            int count = Count;
            if (!reuse && count >= MaxCount)
                throw new VcpuTableFullException(id, count, MaxCount);
            int index = reuse ? _freeIndices![_freeCount - 1] : count;
            Insert(member, index, append: !reuse);
            if (reuse)
                _freeCount--;
        }
    }

    public T Remove(int id)
    {
        lock (_participants)
        {
            ThrowIfDisposed();
            ThrowIfIdOutOfRange(id);
            var member = FindById(id) ?? throw new UnknownVcpuIdException(id, MaxId);
            int index = Clear(member);
            // Readers that found the member before the clear finish with it before its id
            // or index can name another: participants pass a quiescent point, then the
            // strategy's own readers (SRCU, RCU) drain.
            _participants.UpdateAll();
            SynchronizeReaders();
            PushFreeIndex(index);
            return member;
        }
    }

    public OwnView<T> Attach(ITableParticipant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        lock (_participants)
        {
            ThrowIfDisposed();
            // Under the writer lock, so no growth is between publishing and moving views:
            // the view starts with the state every other view has.
            return _participants.Attach(new OwnView<T>(this, participant, SharedStateForOwnViews()));
        }
    }

    public void Detach(OwnView<T> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        lock (_participants)
        {
            if (!_participants.Detach(view))
                throw new ArgumentException($"Participant {view.Participant.Id}'s view is not attached to this table.", nameof(view));
        }
    }

    public abstract ForeignView<T> ReadForeign();

    public void Dispose()
    {
        lock (_participants)
            Volatile.Write(ref _disposed, 1);
        GC.SuppressFinalize(this);
    }

    /// <summary>Writer: ask every participant to move to the shared state and wait until each has.</summary>
    private protected void MoveParticipants() => _participants.UpdateAll();

    private protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);

    private void ThrowIfIdOutOfRange(int id)
    {
        if ((uint)id >= (uint)MaxId)
            throw new VcpuIdOutOfRangeException(id, MaxId);
    }

    private void PushFreeIndex(int index)
    {
        _freeIndices ??= new int[4];
        if (_freeCount == _freeIndices.Length)
            Array.Resize(ref _freeIndices, 2 * _freeCount);
        _freeIndices[_freeCount++] = index;
    }

    // ---- strategy hooks; writer hooks run under the writer lock ----

    /// <summary>Writer: stores a member at <paramref name="index"/>; when appending, publishes Count = index + 1 last.</summary>
    private protected abstract void Insert(T member, int index, bool append);

    /// <summary>Writer: empties the member's slot and id entry; returns its index.</summary>
    private protected abstract int Clear(T member);

    /// <summary>Writer: the member with this id, or null.</summary>
    private protected abstract T? FindById(int id);

    /// <summary>Writer: waits until the strategy's protected readers (SRCU, RCU) that began before now have finished.</summary>
    private protected abstract void SynchronizeReaders();

    private protected abstract long StrategyFootprintBytes();

    /// <summary>The state own views cache (Fixed, CachedMove), or null when they read the shared table.</summary>
    internal abstract SlotArrayState<T>? SharedStateForOwnViews();

    internal abstract int OwnViewCount();

    internal abstract T? OwnViewGet(int index);

    internal abstract T? OwnViewGetById(int id);
}
