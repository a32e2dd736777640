namespace Rcuvisor.Rcu;

/// <summary>
/// The slots of an <see cref="SrcuDomain"/>, and the counts of threads that have died,
/// folded into totals. Registration takes one lock and appends in place; folding builds
/// a new array, so a snapshot never changes under a sum. Folding changes the sums'
/// terms (a slot's counts move into the totals), so it runs only under the domain's
/// grace-period gate, which every sum also holds.
/// </summary>
internal sealed class SrcuReaders
{
    private readonly object _gate = new();
    private SrcuReaderSlot[] _slots = new SrcuReaderSlot[8];
    private int _count;
    private int _foldAt = 8;
    private readonly long[] _foldedLocks = new long[2];   // written under the grace-period gate
    private readonly long[] _foldedUnlocks = new long[2];

    public int Count { get { lock (_gate) return _count; } }

    /// <summary>True when the registry has grown enough since the last fold to look for dead threads.</summary>
    public bool ShouldFold { get { lock (_gate) return _count >= _foldAt; } }

    public void Add(SrcuReaderSlot slot)
    {
        lock (_gate)
        {
            if (_count == _slots.Length)
                Array.Resize(ref _slots, 2 * _slots.Length); // a fresh array: old snapshots stay intact
            _slots[_count++] = slot;
        }
    }

    private ReadOnlySpan<SrcuReaderSlot> Snapshot()
    {
        lock (_gate)
            return new ReadOnlySpan<SrcuReaderSlot>(_slots, 0, _count);
    }

    /// <summary>Σ unlocks of set <paramref name="index"/>; the caller holds the grace-period gate.</summary>
    public long SumUnlocks(int index)
    {
        long sum = _foldedUnlocks[index];
        foreach (var slot in Snapshot())
            sum += Volatile.Read(ref slot.Counts.Unlocks(index));
        return sum;
    }

    /// <summary>Σ locks of set <paramref name="index"/>; the caller holds the grace-period gate.</summary>
    public long SumLocks(int index)
    {
        long sum = _foldedLocks[index];
        foreach (var slot in Snapshot()) // taken after the unlock sum: a slot registered since is in it
            sum += Volatile.Read(ref slot.Counts.Locks(index));
        return sum;
    }

    /// <summary>
    /// Moves the counts of threads that have exited into the totals and drops their slots
    /// (into a new array, allocated only when some thread has exited).
    /// The caller holds the grace-period gate, so no sum is running.
    /// </summary>
    public void FoldDead()
    {
        lock (_gate)
        {
            Interlocked.MemoryBarrier(); // IsAlive false below: the dead thread's last increments are read after it
            var live = _slots.AsSpan(0, _count);
            int firstDead = 0;
            while (firstDead < live.Length && live[firstDead].Owner.IsAlive)
                firstDead++;
            if (firstDead == live.Length)
            {
                _foldAt = Math.Max(8, 2 * _count); // nobody died: no new array
                return;
            }
            int kept = firstDead;
            var fresh = new SrcuReaderSlot[Math.Max(8, _slots.Length)];
            live[..firstDead].CopyTo(fresh);
            foreach (var slot in live[firstDead..])
            {
                if (slot.Owner.IsAlive)
                {
                    fresh[kept++] = slot;
                    continue;
                }
                for (int index = 0; index < 2; index++)
                {
                    _foldedLocks[index] += Volatile.Read(ref slot.Counts.Locks(index));
                    _foldedUnlocks[index] += Volatile.Read(ref slot.Counts.Unlocks(index));
                }
                slot.Unregistered = true;
            }
            _slots = fresh; // a slot at firstDead was dropped, so kept < _count
            _count = kept;
            _foldAt = Math.Max(8, 2 * _count);
        }
    }

    public void RemoveAll()
    {
        lock (_gate)
        {
            foreach (var slot in _slots.AsSpan(0, _count))
                slot.Unregistered = true;
            _slots = new SrcuReaderSlot[8];
            _count = 0;
        }
    }
}
