namespace Rcuvisor.Rcu;

/// <summary>
/// The slots a grace period must scan. Registration and snapshots take one lock, so a
/// thread that registers after a scan's snapshot is ordered after it: its first read
/// section then sees everything published before that scan (see docs/rcu.md).
/// Slots are appended in place; removal builds a new array, so a snapshot (array,
/// count) never changes under a scanner.
/// </summary>
internal sealed class ReaderRegistry
{
    private readonly object _gate = new();
    private ReaderSlot[] _slots = new ReaderSlot[8];
    private int _count;
    private int _pruneAt = 8;

    public int Count { get { lock (_gate) return _count; } }

    public void Add(ReaderSlot slot)
    {
        lock (_gate)
        {
            if (_count >= _pruneAt)
            {
                // Amortised: a dead thread's slot goes here even if no grace period ever runs.
                PruneLocked(static s => !s.Owner.IsAlive);
                _pruneAt = Math.Max(8, 2 * _count);
            }
            if (_count == _slots.Length)
                Array.Resize(ref _slots, 2 * _slots.Length); // a fresh array: old snapshots stay intact
            _slots[_count++] = slot;
        }
    }

    public ReadOnlySpan<ReaderSlot> Snapshot()
    {
        lock (_gate)
            return new ReadOnlySpan<ReaderSlot>(_slots, 0, _count);
    }

    public void Remove(ReaderSlot slot)
    {
        lock (_gate)
            PruneLocked(s => s == slot);
    }

    public void RemoveAll()
    {
        lock (_gate)
        {
            foreach (var slot in _slots.AsSpan(0, _count))
                slot.Unregistered = true;
            _slots = new ReaderSlot[8];
            _count = 0;
        }
    }

    /// <summary>Drops the slots of threads that have exited.</summary>
    public void PruneDead()
    {
        lock (_gate)
            PruneLocked(static s => !s.Owner.IsAlive);
    }

    private void PruneLocked(Func<ReaderSlot, bool> drop)
    {
        if (!AnyMatches(_slots.AsSpan(0, _count), drop))
            return; // the common case allocates nothing
        var kept = new ReaderSlot[Math.Max(8, _slots.Length)];
        int n = 0;
        foreach (var slot in _slots.AsSpan(0, _count))
        {
            if (drop(slot))
                slot.Unregistered = true;
            else
                kept[n++] = slot;
        }
        _slots = kept;
        _count = n;
    }

    private static bool AnyMatches(ReadOnlySpan<ReaderSlot> slots, Func<ReaderSlot, bool> predicate)
    {
        foreach (var slot in slots)
            if (predicate(slot))
                return true;
        return false;
    }
}
