using System.Diagnostics;
using Rcuvisor.Rcu;

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
public abstract partial class VcpuTable<T> : IVcpuTable<T> where T : class, ITableMember
{
    private readonly ParticipantSet<T> _participants = new(); // also the writer lock
    private int[]? _freeIndices; // indices freed by Remove, reused most recent first
    private int _freeCount;
    private int _disposed;
    private long _growths; // writer: release store under the lock; readers: acquire
    private long _shrinks; // likewise
    private long _shrinksBegun; // likewise; stored before the smaller storage is published

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

    /// <inheritdoc/>
    public abstract int Count { get; }

    /// <inheritdoc/>
    public abstract int Capacity { get; }

    /// <inheritdoc/>
    public int MaxCount { get; }

    /// <inheritdoc/>
    public int MaxId { get; }

    /// <summary>Which of the four designs this table is.</summary>
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

    /// <inheritdoc/>
    public long FootprintBytes
    {
        get
        {
            lock (_participants)
                return FootprintBytesWithoutLock;
        }
    }

    /// <summary>
    /// <see cref="FootprintBytes"/> without the writer lock, for a statistic read on a path
    /// that must not wait for the grace-period worker (which takes the lock to finish a
    /// deferred round): each part is a count or an array length, so a writer running
    /// meanwhile may make the sum mix before and after, never fail.
    /// </summary>
    internal long FootprintBytesWithoutLock =>
        StrategyFootprintBytes() + _participants.FootprintBytes
        + (Volatile.Read(ref _freeIndices) is { } free ? ObjectSizes.ArrayOfInt32(free.Length) : 0);

    private protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Bytes of the states growth or shrink has replaced and retired, as their footprints
    /// stood: what the table allocated and no longer holds. Writer-maintained; read it with
    /// the writer quiet.
    /// </summary>
    internal long DiscardedBytes { get; private set; }

    /// <summary>Times an <see cref="Add"/> replaced the storage with a larger one.</summary>
    public long Growths => Volatile.Read(ref _growths); // writer stores under the lock; any thread reads

    /// <summary>
    /// Times a <see cref="Remove"/> left the table at most a quarter full and replaced its
    /// storage with a smaller one (docs/tables.md, "Shrink"). Always 0 for Fixed. Counted
    /// once the smaller storage is published (CachedMove: and every view asked to move); a
    /// cached view moves at its next request check.
    /// </summary>
    public long Shrinks => Volatile.Read(ref _shrinks); // writer stores under the lock; any thread reads

    /// <summary>
    /// Update rounds run: each asks every attached view to move or acknowledge (growth,
    /// shrink, and the grace period of a <see cref="Remove"/>). Any thread.
    /// </summary>
    public long UpdateRounds => _participants.Rounds;

    /// <summary>
    /// Update rounds that found some participant neither done nor in its extended quiescent
    /// state, i.e. running inside a read of its view (a vCPU: a doorbell lookup), and so waited for that participant's own
    /// thread (on a busy host: for the scheduler to run it). Any thread.
    /// </summary>
    public long UpdateRoundsThatWaited => _participants.RoundsThatWaited;

    /// <summary>Time the rounds counted by <see cref="UpdateRoundsThatWaited"/> spent waiting, in all. Any thread.</summary>
    public TimeSpan UpdateRoundWaitTime => Stopwatch.GetElapsedTime(0, _participants.WaitTicks);

    /// <summary>
    /// Shrinks begun: counted before the smaller storage (or trimmed count) is published,
    /// so a reader that saw a count fall and then reads this sees the shrink, while
    /// <see cref="Shrinks"/> may lag. For tests that check a count falls only across one.
    /// </summary>
    internal long ShrinksBegun => Volatile.Read(ref _shrinksBegun);

    /// <summary>Writer, under the lock, before publishing a smaller storage or count.</summary>
    private protected void BeginShrink() => Volatile.Write(ref _shrinksBegun, _shrinksBegun + 1); // release: before the publish

    /// <summary>Writer, under the lock: storage of <paramref name="bytes"/> was freed without a resize (radix nodes).</summary>
    private protected void CountDiscarded(long bytes) => DiscardedBytes += bytes;

    /// <summary>Writer, under the lock: the storage was replaced (grown or shrunk) and a state of <paramref name="bytes"/> retired.</summary>
    private protected void CountResize(bool grew, long bytes)
    {
        DiscardedBytes += bytes;
        if (grew)
            Volatile.Write(ref _growths, _growths + 1); // release: one writer; readers want a whole long
        else
            Volatile.Write(ref _shrinks, _shrinks + 1);
    }

    /// <inheritdoc/>
    public void Add(T member)
    {
        ArgumentNullException.ThrowIfNull(member);
        lock (_participants)
        {
            ThrowIfDisposed();
            int id = member.Id;
            ThrowIfIdOutOfRange(id);
            WaitForIndexIfFull();
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

    /// <inheritdoc/>
    public T Remove(int id)
    {
        lock (_participants)
        {
            var (member, index) = Unlink(id);
            // Readers that found the member before the clear finish with it before its id
            // or index can name another: participants pass a quiescent point, then the
            // strategy's own readers (SRCU, RCU) drain.
            _participants.UpdateAll();
            SynchronizeReaders();
            Reclaim(index);
            return member;
        }
    }

    /// <summary>Writer, under the lock: validates and clears the member's slot and id entry.</summary>
    private (T Member, int Index) Unlink(int id)
    {
        ThrowIfDisposed();
        ThrowIfIdOutOfRange(id);
        var member = FindById(id) ?? throw new UnknownVcpuIdException(id, MaxId);
        return (member, Clear(member));
    }

    /// <summary>Writer, under the lock, once no reader holds the member at <paramref name="index"/>: frees the index, then shrinks if it may.</summary>
    private void Reclaim(int index)
    {
        Debug.Assert(index < Count, "no shrink trims the count while a removal holds an index");
        PushFreeIndex(index);
        // After the grace period, as for the freed index: the smaller state is built from
        // the shared one, which no reader can still need the removed member from. Not while
        // a deferred removal still holds an index: trimming the count below it would let an
        // append reach it before its grace period ends (and its later free would hand out
        // an index in use). The last such removal shrinks for all of them.
        if (_participants.RemovalsPending == 0 && TryShrink())
            DropFreeIndicesFrom(Count);
    }

    /// <inheritdoc/>
    public OwnView<T> Attach(ITableParticipant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        lock (_participants)
        {
            ThrowIfDisposed();
            // Under the writer lock, so no growth is between publishing and moving views:
            // the view starts with the state every other view has.
            return _participants.Attach(new OwnView<T>(this, participant));
        }
    }

    /// <inheritdoc/>
    public void Detach(OwnView<T> view)
    {
        ArgumentNullException.ThrowIfNull(view);
        lock (_participants)
        {
            if (!_participants.Detach(view))
                throw new ArgumentException($"Participant {view.Participant.Id}'s view is not attached to this table.", nameof(view));
        }
    }

    /// <inheritdoc/>
    public abstract ForeignView<T> ReadForeign();

    /// <summary>
    /// Marks the table disposed: later <see cref="Add"/>, <see cref="Remove"/> and <see cref="Attach"/> calls throw <see cref="ObjectDisposedException"/>.
    /// Returns once no deferred retirement is left: those still waiting for a round abandon it
    /// (their states are never poisoned). Dispose the table before its grace-period domain.
    /// </summary>
    public void Dispose()
    {
        lock (_participants)
        {
            Volatile.Write(ref _disposed, 1);
            while (_participants.RetirementsPending > 0)
                Monitor.Wait(_participants); // a deferred retirement sees the mark and abandons its round
        }
        GC.SuppressFinalize(this);
    }

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

    // A shrink trimmed the count to the highest live index + 1: freed indices at or past it
    // no longer exist (a later append reaches them again), and the free list's own array
    // shrinks with the table so a table that once held many does not keep their stack.
    private void DropFreeIndicesFrom(int count)
    {
        int kept = 0;
        for (int i = 0; i < _freeCount; i++)
            if (_freeIndices![i] < count)
                _freeIndices[kept++] = _freeIndices[i];
        _freeCount = kept;
        if (_freeIndices is { Length: > 4 } && _freeCount <= _freeIndices.Length / 4)
            Array.Resize(ref _freeIndices, Math.Max(4, 2 * _freeCount));
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

    /// <summary>The domain of the strategy's protected foreign readers (RCU, SRCU); null when its foreign reads hold nothing.</summary>
    private protected abstract GracePeriodDomain? ReadersDomain { get; }

    private protected abstract long StrategyFootprintBytes();

    /// <summary>
    /// Writer, after a removal's grace period: replace the storage with a smaller one if the
    /// table is at most a quarter full (growable array strategies); true if it did, and then
    /// <see cref="Count"/> may have dropped to the highest live index + 1.
    /// </summary>
    private protected virtual bool TryShrink() => false;

    // ---- the own-view contract ----

    /// <summary>
    /// The state own views cache and read with plain loads (Fixed, CachedMove: acquire, the
    /// state is complete), which a view re-reads when it moves; null for the others, whose
    /// views read the table itself (RcuArray: its shared state; RadixTree: its trees).
    /// </summary>
    internal abstract SlotArrayState<T>? SharedStateForOwnViews();
}
