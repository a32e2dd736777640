namespace Rcuvisor.Tables;

/// <summary>
/// Update rounds that had to wait for a participant's own thread, and how long they waited in
/// all. Allocated at the first such round, so a table that never waits pays one null
/// reference for it (tables/FootprintTests bound a small table's bytes). The writer stores
/// under the table's lock with release; readers on any thread load with acquire.
/// </summary>
internal sealed class RoundWaits
{
    private long _rounds;
    private long _ticks;

    /// <summary>
    /// Retirements deferred until a round ends (VcpuTable.RetireAfterRound), not yet run.
    /// Here rather than in the table, because only a round that waited defers one, so a
    /// table that never waits pays nothing for the count. Under the table's lock.
    /// </summary>
    public int RetirementsPending { get; set; }

    /// <summary>Of those, removals (VcpuTable.RemoveDeferred) whose index is not free yet. Under the table's lock.</summary>
    public int RemovalsPending { get; set; }

    public long Rounds => Volatile.Read(ref _rounds);

    public long Ticks => Volatile.Read(ref _ticks);

    /// <summary>Writer, under the table's lock.</summary>
    public void Add(long ticks)
    {
        Volatile.Write(ref _ticks, _ticks + ticks);
        Volatile.Write(ref _rounds, _rounds + 1);
    }
}
