namespace Rcuvisor.Rcu;

/// <summary>
/// Quiescent-state-based RCU (liburcu's "qsbr" flavour): read sections cost nothing,
/// because a registered thread instead announces, at points of its choosing, that it
/// holds no protected reference. <see cref="Synchronize"/> advances the grace-period
/// counter and waits until every online thread has copied it (announced) or is offline.
/// </summary>
public sealed class QsbrDomain : GracePeriodDomain
{
    internal const long OfflineValue = 0;
    private const long Closed = -1; // _counter after Dispose: equals no slot, so QuiescentState takes its checked path

    private readonly ReaderRegistry _registry = new();
    private readonly object _gpGate = new();
    private long _counter = 1;   // grace-period counter, never OfflineValue; written under _gpGate (Closed once disposed)
    private long _completed;     // grace periods ended; written under _gpGate
    private readonly GracePeriodFutex _gpFutex = new(); // a blocked writer sleeps on it; a reader that announces wakes it
    private const int ActiveAttempts = 100; // liburcu's RCU_QS_ACTIVE_ATTEMPTS
    private static readonly TimeSpan Backstop = TimeSpan.FromMilliseconds(1); // a blocked writer's longest sleep between checks

    /// <summary>Creates a QSBR domain; reader threads join it with <see cref="Register"/>.</summary>
    public QsbrDomain(GracePeriodOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc/>
    public override long GracePeriodsCompleted => Volatile.Read(ref _completed);

    /// <summary>
    /// The grace-period counter, for <see cref="QsbrThread.QuiescentState"/>'s fast path: a
    /// slot equal to it has nothing to announce. Volatile so a polling loop reloads it.
    /// </summary>
    internal long CurrentCounter => Volatile.Read(ref _counter);

    /// <summary>True while a grace period is blocked on a reader (its futex armed); for tests.</summary>
    internal bool WriterBlocked => _gpFutex.IsArmed;

    /// <summary>Blocked grace periods that a reader's announcement woke; for tests.</summary>
    internal long WriterWakes => Volatile.Read(ref _gpFutex.Wakes);

    /// <summary>Reader threads registered now (each <see cref="QsbrThread"/> not yet disposed).</summary>
    public int RegisteredReaders => _registry.Count;

    /// <summary>Registers the calling thread, online. One registration per thread and domain.</summary>
    public QsbrThread Register()
    {
        ThrowIfDisposed();
        if (ThreadReaderSlots.Find(this) is not null)
            throw new GracePeriodMisuseException($"Thread {Environment.CurrentManagedThreadId} is already registered in QSBR domain '{Name}'.");
        var slot = new ReaderSlot(this, Thread.CurrentThread);
        _registry.Add(slot);
        ThreadReaderSlots.Add(slot);
        Announce(slot);
        return new QsbrThread(this, slot);
    }

    /// <inheritdoc/>
    public override void Synchronize()
    {
        ThrowIfDisposed();
        // Synchronize is itself a quiescent state (as in liburcu): an online caller goes
        // offline for the wait, or it would wait for itself.
        var own = ThreadReaderSlots.Find(this);
        bool wasOnline = own is not null && Volatile.Read(ref own.Counter.Value) != OfflineValue;
        if (wasOnline)
            GoOffline(own!);
        try
        {
            SynchronizeForReclaim();
        }
        finally
        {
            if (wasOnline)
                Announce(own!);
        }
    }

    internal override void SynchronizeForReclaim()
    {
        Interlocked.MemoryBarrier(); // our updates are ordered before the counter we read below
        long arrived = Volatile.Read(ref _counter);
        lock (_gpGate)
        {
            // Grace periods run only under this lock, so holding it means none is in
            // flight: a counter past the one we read belongs to a grace period that
            // began after we arrived, and has ended. It served us too.
            if (_counter > arrived || _counter == Closed)
                return; // (closed: a racing Dispose has unregistered every reader, none is left to wait for)
            long target = _counter + 1;
            Volatile.Write(ref _counter, target);
            Interlocked.MemoryBarrier(); // the new counter is visible before we read any slot
            WaitForReaders(target);
            Interlocked.MemoryBarrier(); // readers' announcements are ordered before the caller's reclaim
            Volatile.Write(ref _completed, _completed + 1);
        }
    }

    private void WaitForReaders(long target)
    {
        bool sawDead = false;
        foreach (var slot in _registry.Snapshot())
        {
            // As liburcu's qsbr wait_for_readers: a few active attempts (one pause each, about
            // 50 ns here; never a yield, which hands the CPU to a busy reader for its whole time
            // slice), then block. The attempts are short because on a shared core the reader we
            // wait for is often the one our spinning keeps off the CPU.
            int attempt = 0;
            while (!HasAnnounced(slot, target, ref sawDead))
            {
                if (attempt++ < ActiveAttempts)
                    Thread.SpinWait(1);
                else
                {
                    BlockUntilAnnounced(slot, target, ref sawDead);
                    break;
                }
            }
        }
        if (sawDead)
            _registry.PruneDead();
    }

    /// <summary>True once the slot holds <paramref name="target"/> or more, is offline, or its thread has died.</summary>
    private static bool HasAnnounced(ReaderSlot slot, long target, ref bool sawDead)
    {
        long seen = Volatile.Read(ref slot.Counter.Value);
        if (seen == OfflineValue || seen >= target)
            return true;
        if (slot.Owner.IsAlive)
            return false;
        sawDead = true; // died online: it reads nothing more
        return true;
    }

    /// <summary>
    /// As liburcu's <c>wait_gp</c>: past the spinning, sleep on the futex until the reader's
    /// announcement wakes us. Yielding and then sleeping for a tick instead cost a time slice
    /// (about 4 ms here) per grace period whenever the waiter shared a core with a busy
    /// reader; <c>Monitor.Wait</c> and <c>PulseAll</c> took 32 to 63 µs for a typical block,
    /// the futex 4 to 15 µs (docs/rcu.md, "Waiting"). The backstop bounds a sleep whose wake
    /// never comes (a reader that dies).
    /// </summary>
    private void BlockUntilAnnounced(ReaderSlot slot, long target, ref bool sawDead)
    {
        while (true)
        {
            // Arm is a full fence: the armed word is visible before we re-read the slot; pairs
            // with the full fence in Announce and GoOffline between the reader's slot store and
            // its load of the word (Dekker: the reader sees it armed, or we see its announcement).
            _gpFutex.Arm();
            if (HasAnnounced(slot, target, ref sawDead))
                break;
            _gpFutex.Sleep(Backstop);
        }
        _gpFutex.Disarm();
    }

    /// <summary>Quiescent state, or coming online: copy the counter into the slot.</summary>
    internal void Announce(ReaderSlot slot)
    {
        // Full fences on both sides (liburcu's smp_mb pair): loads of the section that
        // ended are done before the announcement; the announcement is visible before
        // the next section's loads, or a writer could free what those loads return.
        Interlocked.MemoryBarrier();
        Volatile.Write(ref slot.Counter.Value, Volatile.Read(ref _counter));
        Interlocked.MemoryBarrier();
        _gpFutex.WakeIfArmed(); // after the fence: see BlockUntilAnnounced
    }

    internal void GoOffline(ReaderSlot slot)
    {
        Interlocked.MemoryBarrier(); // the last section's loads complete before we stop counting
        Volatile.Write(ref slot.Counter.Value, OfflineValue);
        Interlocked.MemoryBarrier(); // the offline store is visible before we load the writer's word
        _gpFutex.WakeIfArmed();
    }

    internal void Unregister(ReaderSlot slot)
    {
        _registry.Remove(slot);
        ThreadReaderSlots.Remove(slot);
    }

    /// <inheritdoc/>
    protected override void OnDisposed()
    {
        lock (_gpGate)
            Volatile.Write(ref _counter, Closed);
        _registry.RemoveAll();
    }
}
