using Rcuvisor.Backends;

namespace Rcuvisor.Execution;

/// <summary>
/// A vCPU's live counters, readable from any thread while it runs. Counters the vCPU's
/// own thread alone writes are bumped with a plain read and a Volatile.Write (no atomic
/// instruction on the vCPU path; 64-bit stores do not tear on the 64-bit runtimes we
/// support); counters other threads bump use Interlocked. No locks.
/// </summary>
public sealed class VcpuStats
{
    private readonly long[] _exits = new long[5]; // by VcpuExitKind; vCPU thread
    private long _interruptsSent;       // doorbells this vCPU rang at an existing peer; vCPU thread
    private long _interruptsQueued;     // interrupts queued at this vCPU, from anyone; Interlocked
    private long _interruptsDelivered;  // injected into this vCPU's guest; vCPU thread
    private long _interruptsAbandoned;  // still queued when the vCPU was torn down; teardown only
    private long _doorbellsToUnplugged; // doorbells at a peer the VM had unplugged: dropped; vCPU thread
    private long _guestErrors;          // doorbells at ids that never existed, unknown ports; vCPU thread
    private long _kicks;                // Kick() calls at this vCPU; Interlocked
    private long _kickInterrupts;       // kicks that interrupted the backend (InGuest -> ExitingGuest); Interlocked
    private long _wakeups;              // kicks that woke it from Halted or Parked; Interlocked
    private long _requestRuns;          // handler runs that consumed at least one ticket; vCPU thread
    private long _requestsAcknowledged; // tickets consumed; vCPU thread
    private long _emptyRequestRuns;     // bits seen whose tickets an earlier run had consumed; vCPU thread

    internal void CountExit(VcpuExitKind kind) => Bump(ref _exits[(int)kind]);
    internal void CountSent() => Bump(ref _interruptsSent);
    internal void CountQueued() => Interlocked.Increment(ref _interruptsQueued);
    internal void CountDelivered() => Bump(ref _interruptsDelivered);
    internal void CountAbandoned(long count) => Interlocked.Add(ref _interruptsAbandoned, count);
    internal void CountDoorbellToUnplugged() => Bump(ref _doorbellsToUnplugged);
    internal void CountGuestError() => Bump(ref _guestErrors);
    internal void CountKick() => Interlocked.Increment(ref _kicks);
    internal void CountKickInterrupt() => Interlocked.Increment(ref _kickInterrupts);
    internal void CountWakeup() => Interlocked.Increment(ref _wakeups);
    internal void CountEmptyRequestRun() => Bump(ref _emptyRequestRuns);

    internal void CountRequestRun(long tickets)
    {
        Bump(ref _requestRuns);
        Volatile.Write(ref _requestsAcknowledged, _requestsAcknowledged + tickets);
    }

    internal VcpuStatsSnapshot Snapshot(long requestsRaised) => new()
    {
        ExitsIo = Volatile.Read(ref _exits[(int)VcpuExitKind.Io]),
        ExitsHalt = Volatile.Read(ref _exits[(int)VcpuExitKind.Halt]),
        ExitsInterrupted = Volatile.Read(ref _exits[(int)VcpuExitKind.Interrupted]),
        ExitsShutdown = Volatile.Read(ref _exits[(int)VcpuExitKind.Shutdown]),
        ExitsError = Volatile.Read(ref _exits[(int)VcpuExitKind.Error]),
        InterruptsSent = Volatile.Read(ref _interruptsSent),
        InterruptsQueued = Volatile.Read(ref _interruptsQueued),
        InterruptsDelivered = Volatile.Read(ref _interruptsDelivered),
        InterruptsAbandoned = Volatile.Read(ref _interruptsAbandoned),
        DoorbellsToUnplugged = Volatile.Read(ref _doorbellsToUnplugged),
        GuestErrors = Volatile.Read(ref _guestErrors),
        Kicks = Volatile.Read(ref _kicks),
        KickInterrupts = Volatile.Read(ref _kickInterrupts),
        Wakeups = Volatile.Read(ref _wakeups),
        RequestsRaised = requestsRaised,
        RequestRuns = Volatile.Read(ref _requestRuns),
        RequestsAcknowledged = Volatile.Read(ref _requestsAcknowledged),
        EmptyRequestRuns = Volatile.Read(ref _emptyRequestRuns),
    };

    /// <summary>Single-writer increment: the release store publishes a whole value; no atomic RMW needed.</summary>
    private static void Bump(ref long counter) => Volatile.Write(ref counter, counter + 1);
}
