namespace Rcuvisor.Execution;

/// <summary>
/// Where a vCPU thread blocks (halted, parked) and how others wake it, with no lost
/// wake-up. The owner announces "I am blocking" with a full fence and only then checks
/// for work; a waker publishes work with a full fence and only then checks "is it
/// blocking?". That is Dekker's pattern: at least one side sees the other's store, so
/// either the owner sees the work and does not block, or the waker sees the owner and
/// sets the event.
/// </summary>
/// <remarks>
/// The event is reset before the announcement, so a Set from a waker that saw this
/// announcement cannot be erased; a late Set from an earlier round only causes one
/// spurious wake-up, after which the owner's loop looks again. The event is never
/// disposed: a late waker may still Set it, and ManualResetEventSlim holds no OS handle
/// unless one asks for its WaitHandle.
/// </remarks>
internal sealed class BlockGate
{
    private readonly ManualResetEventSlim _wake = new(initialState: false);
    private int _blocking; // 1 from PrepareToBlock until the owner stops blocking

    /// <summary>Owner: announce blocking. Then check for work; then <see cref="Block"/> or <see cref="Cancel"/>.</summary>
    public void PrepareToBlock()
    {
        _wake.Reset();
        Interlocked.Exchange(ref _blocking, 1); // (B1) full fence: the announcement before the owner's work check (B2)
    }

    /// <summary>Owner: work was pending after all.</summary>
    public void Cancel() => Volatile.Write(ref _blocking, 0);

    /// <summary>Owner: nothing was pending; sleep until woken.</summary>
    public void Block()
    {
        _wake.Wait();
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
        _wake.Set();
        return true;
    }
}
