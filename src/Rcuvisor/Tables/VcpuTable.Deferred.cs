using System.Diagnostics;
using Rcuvisor.Rcu;

namespace Rcuvisor.Tables;

/// <summary>
/// The writer's deferred half (docs/tables.md, "Deferred retirement"): a resize's retirement
/// and an unplug's removal ask every view for a round under the lock, and what must wait for
/// the round and a grace period runs on the grace-period domain's worker, as call_rcu runs
/// a callback, so the caller never waits for a vCPU preempted inside a doorbell lookup.
/// </summary>
public abstract partial class VcpuTable<T>
{
    /// <summary>
    /// <see cref="Remove"/> without the wait: the member is unlinked at once (no read that
    /// begins after this returns finds it) and its grace period runs on the worker of
    /// <paramref name="guard"/> or of the table's own readers' domain: once every participant
    /// has passed a quiescent point and a grace period has elapsed, the index is freed, a
    /// shrink considered, and <paramref name="unreachable"/> runs there with the member,
    /// which from then on no reader holds. The id may name a new member at once (a reader
    /// that found the removed one keeps it); the index only then. A disposed table abandons
    /// the wait, and <paramref name="unreachable"/> never runs.
    /// </summary>
    /// <param name="id">The member's id.</param>
    /// <param name="guard">
    /// The domain whose readers the caller protects foreign reads with, for the strategies
    /// whose foreign reads hold nothing (<see cref="RemoveWaitsForForeignReaders"/> false);
    /// ignored by the others, which use their own (RCU, SRCU).
    /// </param>
    /// <param name="unreachable">Runs on the domain's worker; it must not wait for the table's writers.</param>
    public T RemoveDeferred(int id, GracePeriodDomain? guard, Action<T> unreachable)
    {
        ArgumentNullException.ThrowIfNull(unreachable);
        var domain = ReadersDomain ?? guard
            ?? throw new ArgumentNullException(nameof(guard), $"a {Strategy} table's foreign reads hold no section: pass the domain that guards them");
        lock (_participants)
        {
            var (member, index) = Unlink(id);
            // W3 here; W3b and the round's looks on the worker. The barrier is an IPI to every
            // CPU running this process, which on a virtualised host can wait milliseconds for a
            // CPU the hypervisor has descheduled: not a cost for the caller of an unplug.
            long round = _participants.Ask();
            domain.Defer(() => ReclaimWhenRoundEnds(member, index, round, unreachable)); // after a grace period of the readers
            _participants.RetirementsPending++;
            _participants.RemovalsPending++;
            return member;
        }
    }

    /// <summary>
    /// Writer, under the lock, before the checks a wait can change (duplicate id, full table): a
    /// full table whose removals are still in their grace periods (<see cref="RemoveDeferred"/>)
    /// waits for them to free an index rather than refusing. The wait releases the lock, so
    /// those checks run after it.
    /// </summary>
    private void WaitForIndexIfFull()
    {
        while (_freeCount == 0 && Count >= MaxCount && _participants.RemovalsPending > 0)
        {
            Monitor.Wait(_participants); // EndDeferred pulses
            ThrowIfDisposed();
        }
    }

    /// <summary>The domain's worker, after a grace period that began after the unlink: the round, then the writer's reclaim.</summary>
    private void ReclaimWhenRoundEnds(T member, int index, long round, Action<T> unreachable)
    {
        try
        {
            ParticipantSet<T>.Barrier(); // W3b, after the Ask's stores (the Defer's lock orders them first)
            if (!WaitForRound(round, waitingSince: 0))
                return;
            lock (_participants)
            {
                if (IsDisposed)
                    return;
                _participants.RemovalsPending--;
                Reclaim(index);
            }
            unreachable(member);
        }
        finally
        {
            EndDeferred();
        }
    }

    /// <summary>
    /// Writer, under the lock, once a state replacing <paramref name="old"/> is published:
    /// asks every view to move (or pass a quiescent point) and retires <paramref name="old"/>
    /// through <paramref name="domain"/> once each has. Waits only for the views it can
    /// finish itself (parked, quiescent, acknowledged) and for a few spins; a view still
    /// being read (a vCPU preempted in a doorbell lookup) finishes the round on its own
    /// thread, and the retirement waits for it on the domain's worker, not here
    /// (docs/tables.md, "Deferred retirement").
    /// </summary>
    private protected void RetireAfterRound(GracePeriodDomain domain, SlotArrayState<T> old)
    {
        long round = _participants.Begin();
        if (FinishesSoon(round))
        {
            domain.Retire(old);
            return;
        }
        long since = Stopwatch.GetTimestamp();
        domain.Defer(() => RetireWhenRoundEnds(domain, old, round, since)); // after a grace period: foreign readers of `old` too
        _participants.RetirementsPending++; // under the lock, which the callback takes before it can count down
    }

    /// <summary>Writer: one look at every view, then a few spins for one mid-read on another CPU, never a yield.</summary>
    private bool FinishesSoon(long round)
    {
        var spin = new SpinWait();
        while (!_participants.TryFinish(round))
        {
            if (spin.NextSpinWillYield)
                return false;
            spin.SpinOnce();
        }
        return true;
    }

    /// <summary>
    /// The domain's worker: polls the round under the writer lock until it ends, then retires
    /// <paramref name="old"/>. A disposed table abandons it: <paramref name="old"/> is never
    /// poisoned, and the GC reclaims it once no view holds it.
    /// </summary>
    private void RetireWhenRoundEnds(GracePeriodDomain domain, SlotArrayState<T> old, long round, long waitingSince)
    {
        try
        {
            if (!WaitForRound(round, waitingSince))
                return;
            try
            {
                domain.Retire(old);
            }
            catch (ObjectDisposedException)
            {
                // The domain is shutting down after its last grace period: no reader is left.
            }
        }
        finally
        {
            EndDeferred();
        }
    }

    /// <summary>
    /// The domain's worker: polls the round under the writer lock until it ends (true) or the
    /// table is disposed (false). A round that waited, since <paramref name="waitingSince"/>
    /// (the writer's look that failed) or since this method's own first look that failed (0),
    /// is counted in <see cref="UpdateRoundsThatWaited"/> with its time.
    /// </summary>
    private bool WaitForRound(long round, long waitingSince)
    {
        while (true)
        {
            lock (_participants)
            {
                if (IsDisposed)
                    return false;
                if (_participants.TryFinish(round))
                {
                    if (waitingSince != 0)
                        _participants.CountWait(Stopwatch.GetTimestamp() - waitingSince);
                    return true;
                }
            }
            if (waitingSince == 0)
                waitingSince = Stopwatch.GetTimestamp();
            Thread.Sleep(1); // the participant needs a scheduler turn, which this thread must not take
        }
    }

    private void EndDeferred()
    {
        lock (_participants)
        {
            _participants.RetirementsPending--;
            Monitor.PulseAll(_participants); // Dispose and WaitForRetirements wait on it
        }
    }

    /// <summary>
    /// Waits until every retirement and removal deferred so far has run (its round ended and
    /// its state was handed to the domain, or its index freed), or was abandoned by <see cref="Dispose"/>. Not from a
    /// deferred callback of the table's domain: it would wait for itself.
    /// </summary>
    internal void WaitForRetirements()
    {
        lock (_participants)
        {
            while (_participants.RetirementsPending > 0)
                Monitor.Wait(_participants);
        }
    }

    /// <summary>Retirements and removals (<see cref="RemoveDeferred"/>) deferred and not yet run.</summary>
    internal int RetirementsPending
    {
        get
        {
            lock (_participants)
                return _participants.RetirementsPending;
        }
    }
}
