using System.Runtime.CompilerServices;
using Rcuvisor.Backends;

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
/// T2 in docs/requests.md); every other state runs with mode=OutsideGuest. Nothing on
/// this path allocates or takes a lock; blocking (Halted, Parked) is the slow path.
/// </remarks>
public sealed partial class Vcpu
{
    // vCPU-thread-only state: written and read by the loop alone.
    private VcpuExit _lastExit;
    private bool _paused;
    private bool _stopping;

    private void ThreadMain()
    {
        t_current = this;
        var state = VcpuRunState.Entering;
        try
        {
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
            Volatile.Write(ref _runState, (int)VcpuRunState.Exited);
            _requests.MarkOwnerExited(); // waiters for requests this thread will never consume return now
            t_current = null;
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

    /// <summary>Injects one queued interrupt if the guest can take it; the count is read after the T2 fence.</summary>
    private void InjectPendingInterrupt()
    {
        if (Volatile.Read(ref _pendingInterrupts) == 0 || !_backend.CanTakeInterrupt)
            return;
        Interlocked.Decrement(ref _pendingInterrupts); // only this thread decrements, so the count stays >= 0
        _backend.InjectInterrupt();
        _stats.CountDelivered();
    }

    private VcpuRunState RunGuest()
    {
        _lastExit = _backend.Run();
        // Release: the exit's effects precede "outside". A kicker that now sees OutsideGuest
        // skips the backend; this thread reads requests again (after T2) before re-entering.
        Volatile.Write(ref _mode, (int)VcpuMode.OutsideGuest);
        MoveViewIfAsked();
        _stats.CountExit(_lastExit.Kind);
        return VcpuRunState.HandlingExit;
    }

    /// <summary>
    /// (X2) Leaving guest mode ends the extended quiescent state: a table writer may have
    /// counted this vCPU done while it was in the guest, so take its update before the exit
    /// handler reads the view. Not inlined: the call is the compiler barrier that keeps this
    /// load after the store of OutsideGuest; the writer's process-wide barrier orders the
    /// hardware (as for RcuDomain.Read; docs/tables.md, "Extended quiescent state").
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void MoveViewIfAsked() => _view.ProcessPendingUpdate();

    private VcpuRunState HandleExit()
    {
        switch (_lastExit.Kind)
        {
            case VcpuExitKind.Io:
                HandleIo(_lastExit.Port, _lastExit.Value);
                return VcpuRunState.Entering;
            case VcpuExitKind.Halt:
                return VcpuRunState.Halted;
            case VcpuExitKind.Interrupted:
                return VcpuRunState.Entering;
            default: // Shutdown, Error: the guest cannot go on
                return VcpuRunState.Exited;
        }
    }

    private void HandleIo(ushort port, uint value)
    {
        if (port != GuestPorts.Doorbell || value > int.MaxValue)
        {
            _stats.CountGuestError(); // guest input is untrusted: refuse it, count it, carry on
            return;
        }
        RingDoorbell((int)value);
    }

    /// <summary>The fast path: the target is found through this vCPU's own view (for CachedMove, a cached array).</summary>
    private void RingDoorbell(int targetId)
    {
        Vcpu? target = _view.GetById(targetId);
        if (target is null)
        {
            CountMissedDoorbell(targetId);
            return;
        }
        _stats.CountSent(); // before queueing, so an observer never sees delivered > sent
        target.QueueInterrupt();
    }

    private void CountMissedDoorbell(int targetId)
    {
        if (_unplugged?.ContainsAfterMiss(targetId) == true)
            _stats.CountDoorbellToUnplugged(); // the peer was unplugged: a dropped interrupt, not a guest mistake
        else
            _stats.CountGuestError();
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

    /// <summary>(B2) A request, or an interrupt the halted guest can take.</summary>
    private bool HasWorkWhileHalted() =>
        _requests.AnyPending || (Volatile.Read(ref _pendingInterrupts) != 0 && _backend.CanTakeInterrupt);

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

    /// <summary>Consumes every pending request, in <see cref="VcpuRequest"/> order.</summary>
    private VcpuRunState HandleRequests()
    {
        for (var request = VcpuRequest.Stop; request <= VcpuRequest.Test; request++)
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
            case VcpuRequest.Pause:
                _paused = true;
                break;
            case VcpuRequest.Resume:
                _paused = false;
                break;
            case VcpuRequest.Test:
                _options.TestRequestHandler?.Invoke(this, first, last);
                break;
        }
    }
}
