namespace Rcuvisor.Execution;

/// <summary>
/// One vCPU's pending requests, after Documentation/virt/kvm/vcpu-requests.rst, plus what
/// KVM lacks: a per-kind ticket sequence, so a requester can wait until the vCPU has
/// consumed its very request on its own thread (not merely left guest mode, which is all
/// KVM_REQUEST_WAIT proves). docs/requests.md has the ordering argument; the (Tn) labels
/// below are its timing points.
/// </summary>
/// <remarks>
/// A request bit coalesces: two requests raised before the vCPU looks are consumed by one
/// handler run. The tickets keep the count honest: a run consumes the contiguous range
/// (previously consumed, last raised], so every ticket is consumed by exactly one run.
/// </remarks>
internal sealed class VcpuRequests
{
    internal const int KindCount = 5; // the values of VcpuRequest, and Test

    /// <summary>
    /// A kind only the tests raise (they see it through InternalsVisibleTo): it runs
    /// <see cref="VcpuOptions.TestRequestHandler"/> through the same bit, tickets and
    /// acknowledgement as the real kinds, so tests can count what is consumed. Not in the
    /// public <see cref="VcpuRequest"/>: the request word indexes arrays by kind, so a
    /// separate hook would need its own bit and path, which the tests would then not share.
    /// </summary>
    internal const VcpuRequest Test = (VcpuRequest)4;

    private readonly long[] _raised = new long[KindCount];   // tickets handed out per kind; any thread, Interlocked
    private readonly long[] _consumed = new long[KindCount]; // last ticket consumed per kind; written by the vCPU thread only
    private readonly object _ackGate = new();                // slow path: waiters block here
    private int _pending;        // one bit per VcpuRequest
    private int _ackWaiters;     // threads inside WaitConsumed; Dekker partner of _consumed
    private bool _ownerExited;   // the vCPU thread has left its loop: nothing more will be consumed

    /// <summary>Any request pending? Acquire (T3): pairs with the release of <see cref="Raise"/>'s Or (T1).</summary>
    public bool AnyPending => Volatile.Read(ref _pending) != 0;

    public long RaisedTotal
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < KindCount; i++)
                sum += Volatile.Read(ref _raised[i]);
            return sum;
        }
    }

    /// <summary>Raises <paramref name="request"/> (any thread) and returns its ticket; the caller then kicks.</summary>
    public long Raise(VcpuRequest request)
    {
        int kind = (int)request;
        // (T0) The ticket before the bit: a vCPU that clears the bit and then reads _raised
        // (T4) cannot miss this ticket.
        long ticket = Interlocked.Increment(ref _raised[kind]);
        // (T1) Atomic, because requesters set different bits at once (a plain |= loses bits);
        // a full fence, which includes the release that kvm_make_request's smp_wmb gives:
        // whatever the requester stored before (a request's payload) is visible to the vCPU
        // that sees the bit. The fence also orders the bit before the kicker's read of mode.
        Interlocked.Or(ref _pending, 1 << kind);
        return ticket;
    }

    /// <summary>
    /// vCPU thread: if <paramref name="request"/> is pending, clears it and returns the
    /// tickets it covers. <paramref name="first"/> &gt; <paramref name="last"/> is an empty
    /// run: the bit was set by a requester whose ticket an earlier run already consumed.
    /// </summary>
    public bool TryConsume(VcpuRequest request, out long first, out long last)
    {
        int kind = (int)request;
        int bit = 1 << kind;
        if ((Volatile.Read(ref _pending) & bit) == 0) // (T3) test with acquire (kvm_test_request)
        {
            first = last = 0;
            return false;
        }
        // (T4) Clear, then read the tickets: Interlocked.And is a full fence, like
        // kvm_check_request's clear_bit + smp_mb__after_atomic. A requester whose Or came
        // after this clear leaves the bit set for the next pass.
        Interlocked.And(ref _pending, ~bit);
        last = Volatile.Read(ref _raised[kind]);
        first = _consumed[kind] + 1; // only this thread writes _consumed
        return true;
    }

    /// <summary>vCPU thread: the handler for tickets up to <paramref name="last"/> has run.</summary>
    public void Acknowledge(VcpuRequest request, long last)
    {
        // (T5) Full fence: the handler's effects are visible before the acknowledgement, and
        // the acknowledgement before the read of _ackWaiters (Dekker with WaitConsumed's (T6)).
        Interlocked.Exchange(ref _consumed[(int)request], last);
        PulseWaiters();
    }

    /// <summary>vCPU thread, leaving its loop: whatever is not consumed now never will be.</summary>
    public void MarkOwnerExited()
    {
        Volatile.Write(ref _ownerExited, true);
        Interlocked.MemoryBarrier(); // the store above before the read of _ackWaiters (same Dekker pair as (T5))
        PulseWaiters();
    }

    /// <summary>True once <paramref name="ticket"/> is consumed, or the vCPU has exited.</summary>
    public bool IsDone(VcpuRequest request, long ticket) =>
        Volatile.Read(ref _consumed[(int)request]) >= ticket || Volatile.Read(ref _ownerExited);

    /// <summary>Waits until <see cref="IsDone"/>; false if <paramref name="deadlineMs"/> (Environment.TickCount64) passes first.</summary>
    public bool WaitConsumed(VcpuRequest request, long ticket, long deadlineMs)
    {
        if (IsDone(request, ticket))
            return true;
        Interlocked.Increment(ref _ackWaiters); // (T6) full fence: announce, then check (Dekker with (T5))
        try
        {
            lock (_ackGate)
            {
                while (!IsDone(request, ticket))
                {
                    long remaining = deadlineMs - Environment.TickCount64;
                    if (remaining <= 0)
                        return false;
                    Monitor.Wait(_ackGate, (int)Math.Min(remaining, int.MaxValue));
                }
                return true;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _ackWaiters);
        }
    }

    private void PulseWaiters()
    {
        if (Volatile.Read(ref _ackWaiters) == 0)
            return; // the common case: nobody waits, no lock on the vCPU path
        lock (_ackGate)
            Monitor.PulseAll(_ackGate);
    }
}
