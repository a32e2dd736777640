namespace Rcuvisor.Execution;

/// <summary>
/// The vCPU ids a VM has hot-unplugged, as a bit set any thread reads without a lock.
/// It lets a vCPU tell a doorbell at an unplugged peer (an interrupt dropped for a
/// removed target) from one at an id that never existed (a guest error).
/// </summary>
/// <remarks>
/// The VM marks an id before it clears the id's table slot, and a reader that missed in
/// the table fences before it looks here, so a miss caused by the unplug always finds
/// the mark. Marks are never cleared: an id plugged in again and unplugged again stays marked.
/// </remarks>
public sealed class UnpluggedVcpuIds
{
    private readonly long[] _bits;

    /// <summary>A set for ids in [0, <paramref name="maxId"/>), none marked.</summary>
    public UnpluggedVcpuIds(int maxId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxId, 1);
        MaxId = maxId;
        _bits = new long[(maxId + 63) / 64];
    }

    /// <summary>Ids are in [0, MaxId).</summary>
    public int MaxId { get; }

    /// <summary>Marks <paramref name="id"/>. Full fence: the mark is visible before the caller's next store (the slot clear).</summary>
    public void Add(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, MaxId);
        Interlocked.Or(ref _bits[id >> 6], 1L << (id & 63));
    }

    /// <summary>
    /// True if <paramref name="id"/> was ever unplugged. Call after a table miss; the full
    /// fence orders that miss's slot load before this load (load→load needs more than acquire).
    /// </summary>
    public bool ContainsAfterMiss(int id)
    {
        if ((uint)id >= (uint)MaxId)
            return false;
        Interlocked.MemoryBarrier();
        return (Volatile.Read(ref _bits[id >> 6]) & (1L << (id & 63))) != 0;
    }
}
