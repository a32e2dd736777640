namespace Rcuvisor.Execution;

/// <summary>
/// Where a vCPU thread blocks (halted, parked) and how others wake it, with no lost
/// wake-up. The owner announces "I am blocking" with a full fence and only then checks
/// for work; a waker publishes work with a full fence and only then checks "is it
/// blocking?". That is Dekker's pattern: at least one side sees the other's store, so
/// either the owner sees the work and does not block, or the waker sees the owner and
/// signals it.
/// </summary>
/// <remarks>
/// The signal is cleared before the announcement, so a signal from a waker that saw this
/// announcement cannot be erased; a late signal from an earlier round only causes one
/// spurious wake-up, after which the owner's loop looks again. The signal is a flag under
/// a <see cref="Monitor"/>, not a ManualResetEventSlim: Coyote's systematic scheduler
/// (tests/Rcuvisor.Coyote.Tests) controls Monitor but not ManualResetEventSlim, and a vCPU
/// blocked where it cannot see would hang every exploration that parks or halts a vCPU.
/// Like the event's Wait, <see cref="Block"/> spins briefly before it sleeps, since a
/// wake-up often follows within microseconds (a doorbell answered).
/// </remarks>
internal sealed class BlockGate
{
    private readonly object _wake = new(); // the sleeper's monitor; never held for longer than a flag store
    private int _blocking; // 1 from PrepareToBlock until the owner stops blocking
    private bool _signalled; // set by a waker, cleared by the owner; written under _wake, read with acquire

    /// <summary>Owner: announce blocking. Then check for work; then <see cref="Block"/> or <see cref="Cancel"/>.</summary>
    public void PrepareToBlock()
    {
        Volatile.Write(ref _signalled, false); // only this thread clears; a waker's later store wins
        Interlocked.Exchange(ref _blocking, 1); // (B1) full fence: the announcement before the owner's work check (B2)
    }

    /// <summary>Owner: work was pending after all.</summary>
    public void Cancel() => Volatile.Write(ref _blocking, 0);

    /// <summary>Owner: nothing was pending; sleep until woken.</summary>
    public void Block()
    {
        var spin = new SpinWait();
        while (!Volatile.Read(ref _signalled) && !spin.NextSpinWillYield)
            spin.SpinOnce();
        lock (_wake)
        {
            while (!_signalled)
                Monitor.Wait(_wake);
        }
        Volatile.Write(ref _blocking, 0);
    }

    /// <summary>
    /// Waker, after publishing its work with a full fence (W1): wakes the owner if it is
    /// blocking or about to block. Returns whether it did.
    /// </summary>
    public bool WakeIfBlocked()
    {
        if (Volatile.Read(ref _blocking) == 0) // (W2)
            return false;
        lock (_wake)
        {
            _signalled = true;
            Monitor.PulseAll(_wake);
        }
        return true;
    }
}
