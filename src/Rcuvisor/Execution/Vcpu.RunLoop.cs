using System.Runtime.CompilerServices;
using Rcuvisor.Backends;
using Rcuvisor.Devices;

namespace Rcuvisor.Execution;

/// <summary>
/// The vCPU thread's run loop: an explicit state machine, one method per state, each
/// returning the next state (Firecracker's vcpu.rs shape; KVM's vcpu_enter_guest order).
/// </summary>
/// <remarks>
/// <code>
///                 +------------------------------------------------------+
///                 v                                                      |
///   start --> Entering --requests pending--> HandlingRequests --else-----+
///                 |                           |   |     ^   ^
///                 | none pending              |   |     |   |  woken by a request
///                 v                           |   |     |   |
///              Running                Stop ---+   +-paused-> Parked
///                 | backend.Run() returned    |
///                 v                           v
///            HandlingExit --Shutdown/Error--> Exited
///                 |    |
///  Io/Interrupted |    | Halt
///   -> Entering   |    v
///                 |  Halted --interrupt or request pending (or woken)--> Entering
/// </code>
/// Entering sets mode=InGuest with a full fence before it looks at requests (timing point
/// T2 in docs/requests.md); every other state runs with mode=OutsideGuest, except the
/// doorbell's peer lookup inside HandlingExit, which runs with mode=ReadingPeers (X1..X3 in
/// docs/tables.md). Nothing on
/// this path allocates or takes a lock; blocking (Halted, Parked) is the slow path.
/// </remarks>
public sealed partial class Vcpu
{
    // vCPU-thread-only state: written and read by the loop alone.
    private VcpuExit _lastExit;
    private bool _paused;
    private bool _stopping;

    /// <summary>The run loop, on the calling thread (its own, or a spare one), until the vCPU stops.</summary>
    internal void RunLoopOnThisThread()
    {
        t_current = this;
        var state = VcpuRunState.Entering;
        try
        {
            _backend.AttachThread(); // kicks may signal this thread from here on
            _view.Resume(); // from now on the table waits for this thread's acknowledgements
            while (state != VcpuRunState.Exited)
            {
                Volatile.Write(ref _runState, (int)state);
                state = Step(state);
            }
        }
        catch (Exception ex)
        {
            // A hook threw. An escaping exception would end the process; record it and stop this vCPU.
            Volatile.Write(ref _failure, ex);
        }
        finally
        {
            if (_view.IsRunning)
                _view.Park(); // a finished vCPU must not hold up a growing table
            Volatile.Write(ref _mode, (int)VcpuMode.OutsideGuest);
            _backend.DetachThread(); // no kick signals this thread once it returns
            Volatile.Write(ref _runState, (int)VcpuRunState.Exited);
            _requests.MarkOwnerExited(); // waiters for requests this thread will never consume return now
            t_current = null;
            _loopEnded.Set(); // last: Stop returns, and the backend may be released
        }
    }

    private VcpuRunState Step(VcpuRunState state) => state switch
    {
        VcpuRunState.Entering => EnterGuest(),
        VcpuRunState.HandlingRequests => HandleRequests(),
        VcpuRunState.Running => RunGuest(),
        VcpuRunState.HandlingExit => HandleExit(),
        VcpuRunState.Halted => BlockWhileHalted(),
        VcpuRunState.Parked => BlockWhileParked(),
        _ => VcpuRunState.Exited,
    };

    private VcpuRunState EnterGuest()
    {
        // (T2) Full fence: "I am in guest mode" is visible before the request check below.
        // Pairs with the requester's Or (T1) and its read of mode in Kick (T2'): either we
        // see the request here, or the requester sees InGuest and interrupts the backend.
        Interlocked.Exchange(ref _mode, (int)VcpuMode.InGuest);
        if (_requests.AnyPending) // (T3) acquire
        {
            Volatile.Write(ref _mode, (int)VcpuMode.OutsideGuest);
            return VcpuRunState.HandlingRequests;
        }
        InjectPendingInterrupt();
        return VcpuRunState.Running;
    }

    /// <summary>
    /// Injects one queued interrupt if the guest can take it (else the backend asks for an
    /// interrupt window); the count is read after the T2 fence. One at a time: the next
    /// waits until the guest has taken this one.
    /// </summary>
    private void InjectPendingInterrupt()
    {
        if (Volatile.Read(ref _pendingInterrupts) == 0)
            return;
        if (_untakenInterrupt == 0 && _backend.TryInjectInterrupt())
        {
            // Queued -> untaken: the untaken mark before the decrement, so an observer summing
            // the two (InterruptsInFlight) never sees the interrupt in neither.
            Volatile.Write(ref _untakenInterrupt, 1);
            Interlocked.Decrement(ref _pendingInterrupts); // only this thread decrements, so the count stays >= 0
            _stats.CountInjected();
        }
        // More queued behind the injected one: their senders saw this vCPU outside the guest
        // and kicked nobody, so ask to exit as soon as the guest can take the next.
        if (_untakenInterrupt != 0 && Volatile.Read(ref _pendingInterrupts) != 0)
            _backend.RequestInterruptWindow();
    }

    private VcpuRunState RunGuest()
    {
        _lastExit = _backend.Run();
        // Release: the exit's effects precede "out of the guest". A kicker that now sees
        // OutsideGuest skips the backend; this thread reads requests again (after T2) before
        // re-entering. Still quiescent for a growing table: it reads no peer until X1.
        Volatile.Write(ref _mode, (int)VcpuMode.OutsideGuest);
        _stats.CountExit(_lastExit.Kind);
        if (_untakenInterrupt != 0 && !_backend.HasUntakenInterrupt)
            CountTaken();
        return VcpuRunState.HandlingExit;
    }

    /// <summary>The guest took the injected interrupt: delivered, counted before the untaken mark clears.</summary>
    private void CountTaken()
    {
        _stats.CountDelivered();
        Volatile.Write(ref _untakenInterrupt, 0); // release: an observer that sees 0 sees the delivery counted
    }

    /// <summary>
    /// (X2) Reading peers ends the extended quiescent state: a table writer may have counted
    /// this vCPU done while it was elsewhere, so take its update before reading the view. Not
    /// inlined: the call is the compiler barrier that keeps this load after the store of
    /// ReadingPeers; the writer's process-wide barrier orders the hardware (as for
    /// RcuDomain.Read; docs/tables.md, "Extended quiescent state").
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void MoveViewIfAsked() => _view.ProcessPendingUpdate();

    private VcpuRunState HandleExit()
    {
        switch (_lastExit.Kind)
        {
            case VcpuExitKind.Io:
                Access(_io.Ports, GuestErrorKind.UnknownPort);
                return VcpuRunState.Entering;
            case VcpuExitKind.Mmio:
                Access(_io.Mmio, GuestErrorKind.UnmappedMmio);
                return VcpuRunState.Entering;
            case VcpuExitKind.Halt:
                return VcpuRunState.Halted;
            case VcpuExitKind.Interrupted or VcpuExitKind.InterruptWindow:
                return VcpuRunState.Entering;
            default: // Shutdown, Error: the guest cannot go on; the VM and the other vCPUs do
                Volatile.Write(ref _stopReason, _lastExit.Reason ?? _lastExit.Kind.ToString());
                return VcpuRunState.Exited;
        }
    }

    /// <summary>
    /// A port or MMIO exit, routed to the device whose range holds it. Guest input is
    /// untrusted: an access where no device is gets counted and refused (a read sees all
    /// ones, as a floating bus), and the guest carries on.
    /// </summary>
    private void Access(IoBus bus, GuestErrorKind miss)
    {
        ulong address = _lastExit.Address;
        int size = _lastExit.Size;
        if (!bus.TryFind(address, size, out var device))
        {
            _stats.CountGuestError(miss);
            if (!_lastExit.IsWrite)
                _backend.CompleteRead(ulong.MaxValue);
            return;
        }
        if (_lastExit.IsWrite)
            device.Write(this, address, size, _lastExit.Value);
        else
            _backend.CompleteRead(device.Read(this, address, size));
    }

    /// <summary>
    /// The doorbell's fast path, on this vCPU's thread: the target is found through this
    /// vCPU's own view (for CachedMove, a cached array). <paramref name="targetId"/> is the
    /// guest's, untrusted.
    /// </summary>
    internal void RingDoorbell(ulong targetId)
    {
        // (X1) From here a growing or shrinking table, and an unplug, wait for this vCPU: it
        // holds a peer found through its view until X3. Kept this narrow on purpose: a vCPU
        // preempted inside costs the table's writer a scheduler turn (issue 12).
        Volatile.Write(ref _mode, (int)VcpuMode.ReadingPeers);
        MoveViewIfAsked();
        Vcpu? target = targetId <= int.MaxValue ? _view.GetById((int)targetId) : null;
        if (target is null)
            CountMissedDoorbell(targetId);
        else
        {
            _stats.CountDoorbellSent(); // before queueing, so an observer never sees delivered > sent
            target.QueueInterrupt();    // uses the peer: inside the window, so it cannot be torn down meanwhile
        }
        // (X3) Release: the view's reads and the peer's use are complete before the mode says
        // so; pairs with the writer's acquire read of the mode (W4).
        Volatile.Write(ref _mode, (int)VcpuMode.OutsideGuest);
    }

    private void CountMissedDoorbell(ulong targetId)
    {
        if (targetId <= int.MaxValue && _unplugged?.ContainsAfterMiss((int)targetId) == true)
            _stats.CountDoorbellToUnplugged(); // the peer was unplugged: a dropped interrupt, not a guest mistake
        else
            _stats.CountGuestError(GuestErrorKind.AbsentDoorbellTarget);
    }

    private VcpuRunState BlockWhileHalted()
    {
        _view.Park(); // the table's writer updates a parked view itself instead of waiting for us
        _gate.PrepareToBlock(); // (B1) full fence: "I am blocking" before the check (B2)
        if (HasWorkWhileHalted())
            _gate.Cancel();
        else
            _gate.Block();
        _view.Resume(); // takes any update the writer made meanwhile
        return VcpuRunState.Entering; // woken (or spuriously): enter, and the guest halts again if idle
    }

    /// <summary>(B2) A request, an injected interrupt the next entry delivers, or a queued one the halted guest can take.</summary>
    private bool HasWorkWhileHalted() =>
        _requests.AnyPending || _untakenInterrupt != 0
        || (Volatile.Read(ref _pendingInterrupts) != 0 && _backend.CanTakeInterrupt);

    private VcpuRunState BlockWhileParked()
    {
        _view.Park();
        _gate.PrepareToBlock(); // (B1)
        if (_requests.AnyPending) // (B2): only a request (Resume, Stop) ends a pause
            _gate.Cancel();
        else
            _gate.Block();
        _view.Resume();
        return VcpuRunState.HandlingRequests; // with nothing pending it returns here: still paused
    }

    /// <summary>Consumes every pending request, in <see cref="VcpuRequest"/> order (the tests' kind last).</summary>
    private VcpuRunState HandleRequests()
    {
        for (var request = VcpuRequest.Stop; (int)request < VcpuRequests.KindCount; request++)
        {
            if (_requests.TryConsume(request, out long first, out long last))
                Consume(request, first, last);
        }
        if (_stopping)
            return VcpuRunState.Exited;
        return _paused ? VcpuRunState.Parked : VcpuRunState.Entering;
    }

    private void Consume(VcpuRequest request, long first, long last)
    {
        if (first > last)
        {
            _stats.CountEmptyRequestRun(); // the bit's ticket was consumed by an earlier run
            return;
        }
        RunHandler(request, first, last);
        _stats.CountRequestRun(last - first + 1);
        _requests.Acknowledge(request, last); // (T5) after the handler's effects
    }

    /// <summary>A switch, not delegates: a lambda capturing this would allocate on every request.</summary>
    private void RunHandler(VcpuRequest request, long first, long last)
    {
        switch (request)
        {
            case VcpuRequest.Stop:
                _stopping = true;
                break;
            case VcpuRequest.UpdateVcpus:
                _view.ProcessPendingUpdate(); // the cached-move table's move, on this thread
                break;
            case VcpuRequest.Pause or VcpuRequest.Resume:
                _paused = Volatile.Read(ref _pauseWanted); // acquire, after the bit's (T4): the latest ask
                break;
            case VcpuRequests.Test:
                _options.TestRequestHandler?.Invoke(this, first, last);
                break;
        }
    }
}
