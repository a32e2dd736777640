using System.Runtime.InteropServices;
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
    private const int CacheLineBytes = 128; // a line and the neighbour the adjacent-line prefetcher pulls in

    private readonly long[] _exits = new long[VcpuExit.KindCount]; // by VcpuExitKind; vCPU thread
    private readonly long[] _guestErrors = new long[3];           // by GuestErrorKind; vCPU thread
    private long _doorbellsSent;        // doorbells this vCPU rang at an existing peer; vCPU thread
    private long _interruptsInjected;   // handed to the backend for the guest's next entry; vCPU thread
    private long _interruptsDelivered;  // taken by this vCPU's guest, as its backend reports; vCPU thread
    private long _interruptsAbandoned;  // queued, or injected and untaken, when the vCPU was torn down; teardown only
    private long _doorbellsToUnplugged; // doorbells at a peer the VM had unplugged: dropped; vCPU thread
    private long _requestRuns;          // handler runs that consumed at least one ticket; vCPU thread
    private long _requestsAcknowledged; // tickets consumed; vCPU thread
    private long _emptyRequestRuns;     // bits seen whose tickets an earlier run had consumed; vCPU thread
    // Bumped by other threads on every interrupt they send here: kept off the lines the
    // vCPU thread writes on every exit, so senders and the vCPU do not bounce one line.
    private Inbound _inbound;

    [StructLayout(LayoutKind.Explicit, Size = 3 * CacheLineBytes)]
    private struct Inbound
    {
        [FieldOffset(CacheLineBytes)] public long InterruptsQueued; // interrupts queued at this vCPU, from anyone
        [FieldOffset(CacheLineBytes + 8)] public long Kicks;         // Kick() calls at this vCPU
        [FieldOffset(CacheLineBytes + 16)] public long KickInterrupts; // kicks that interrupted the backend (InGuest -> ExitingGuest)
        [FieldOffset(CacheLineBytes + 24)] public long Wakeups;     // kicks that woke it from Halted or Parked
    }

    internal void CountExit(VcpuExitKind kind) => Bump(ref _exits[(int)kind]);
    internal void CountDoorbellSent() => Bump(ref _doorbellsSent);
    internal void CountQueued() => Interlocked.Increment(ref _inbound.InterruptsQueued);
    internal void CountInjected() => Bump(ref _interruptsInjected);
    internal void CountDelivered() => Bump(ref _interruptsDelivered);
    internal void CountAbandoned(long count) => Interlocked.Add(ref _interruptsAbandoned, count);
    internal void CountDoorbellToUnplugged() => Bump(ref _doorbellsToUnplugged);
    internal void CountGuestError(GuestErrorKind kind) => Bump(ref _guestErrors[(int)kind]);
    internal void CountKick() => Interlocked.Increment(ref _inbound.Kicks);
    internal void CountKickInterrupt() => Interlocked.Increment(ref _inbound.KickInterrupts);
    internal void CountWakeup() => Interlocked.Increment(ref _inbound.Wakeups);
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
        ExitsMmio = Volatile.Read(ref _exits[(int)VcpuExitKind.Mmio]),
        ExitsInterruptWindow = Volatile.Read(ref _exits[(int)VcpuExitKind.InterruptWindow]),
        DoorbellsSent = Volatile.Read(ref _doorbellsSent),
        InterruptsQueued = Volatile.Read(ref _inbound.InterruptsQueued),
        InterruptsInjected = Volatile.Read(ref _interruptsInjected),
        InterruptsDelivered = Volatile.Read(ref _interruptsDelivered),
        InterruptsAbandoned = Volatile.Read(ref _interruptsAbandoned),
        DoorbellsToUnplugged = Volatile.Read(ref _doorbellsToUnplugged),
        GuestErrorsUnknownPort = Volatile.Read(ref _guestErrors[(int)GuestErrorKind.UnknownPort]),
        GuestErrorsUnmappedMmio = Volatile.Read(ref _guestErrors[(int)GuestErrorKind.UnmappedMmio]),
        GuestErrorsAbsentTarget = Volatile.Read(ref _guestErrors[(int)GuestErrorKind.AbsentDoorbellTarget]),
        Kicks = Volatile.Read(ref _inbound.Kicks),
        KickInterrupts = Volatile.Read(ref _inbound.KickInterrupts),
        Wakeups = Volatile.Read(ref _inbound.Wakeups),
        RequestsRaised = requestsRaised,
        RequestRuns = Volatile.Read(ref _requestRuns),
        RequestsAcknowledged = Volatile.Read(ref _requestsAcknowledged),
        EmptyRequestRuns = Volatile.Read(ref _emptyRequestRuns),
    };

    /// <summary>Single-writer increment: the release store publishes a whole value; no atomic RMW needed.</summary>
    private static void Bump(ref long counter) => Volatile.Write(ref counter, counter + 1);
}
