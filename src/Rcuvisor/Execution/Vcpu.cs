using Rcuvisor.Backends;
using Rcuvisor.Devices;
using Rcuvisor.Tables;

namespace Rcuvisor.Execution;

/// <summary>
/// A virtual CPU: its backend half, its own thread running the loop in Vcpu.RunLoop.cs,
/// and the two ways other threads reach it: requests (handled on its thread, optionally
/// waited for) and queued interrupts. Both end in a <see cref="Kick"/>.
/// </summary>
/// <remarks>
/// A vCPU is a participant of its VM's vCPU table: it holds an own view of its peers
/// (for the cached-move table, Graf's <c>vcpu->vcpus</c>), reads it on the doorbell path
/// with plain loads, and moves it itself when the table asks: as it leaves the guest, or
/// through <see cref="VcpuRequest.UpdateVcpus"/>. A growing table waits for it only while it
/// looks up and signals a doorbell's target (<see cref="VcpuMode.ReadingPeers"/>); everywhere
/// else it is in its extended quiescent state, and it parks the view whenever its thread blocks or ends, so a
/// growing table never waits on a vCPU in the guest, handling requests, halted, paused or finished.
/// </remarks>
public sealed partial class Vcpu : IDisposable, ITableMember, ITableParticipant
{
    [ThreadStatic] private static Vcpu? t_current; // the vCPU whose thread this is, if any

    private readonly IVcpuBackend _backend;
    private readonly VcpuTable<Vcpu> _table; // as the Vm holds it: the own view's contract is with VcpuTable
    private readonly OwnView<Vcpu> _view; // used on this vCPU's thread only (and parked/updated by the table's writer)
    private readonly UnpluggedVcpuIds? _unplugged;
    private readonly VcpuOptions _options;
    private readonly VcpuIo _io;
    private readonly VcpuRequests _requests = new();
    private readonly BlockGate _gate = new();
    private readonly VcpuStats _stats = new();
    private readonly OnceSignal _loopEnded = new(); // set when the run loop has returned; a Monitor, not a slim event, so Coyote sees Stop wait
    private readonly OnceSignal _unreachable = new(); // set by an unplug's grace period (VcpuTable.RemoveDeferred): no other thread holds this vCPU
    private Thread? _ownThread;     // the thread Start() made, if the vCPU was not handed to spare threads
    private int _mode;              // VcpuMode; see VcpuMode for who moves it
    private long _pendingInterrupts; // queued, not yet injected: anyone increments, only the vCPU thread decrements (long: a flooded vCPU can queue billions)
    private int _untakenInterrupt;   // 1 while an injected interrupt awaits the guest's entry; vCPU thread writes, observers read
    private int _runState;          // VcpuRunState, published for observers only
    private int _started;           // 0 -> 1 once, by Start
    private int _disposed;          // 0 -> 1 once, by Dispose
    private Exception? _failure;
    private string? _stopReason;
    private bool _pauseWanted;       // the state the last Pause or Resume asked for; requesters write, the vCPU thread reads

    /// <param name="id">The vCPU id, unique in the VM: its key in the table.</param>
    /// <param name="backend">The backend vCPU that runs the guest; the vCPU owns it and disposes it.</param>
    /// <param name="peers">The VM's vCPU table; the new vCPU attaches its own view (parked until it starts).</param>
    /// <param name="options">Tunables and hooks; <see cref="VcpuOptions.Default"/> when null.</param>
    /// <param name="unplugged">The VM's unplugged ids, so a doorbell at one counts as dropped, not as a guest error.</param>
    /// <param name="io">The devices its port and MMIO exits reach; by default the doorbell alone.</param>
    public Vcpu(int id, IVcpuBackend backend, VcpuTable<Vcpu> peers, VcpuOptions? options = null, UnpluggedVcpuIds? unplugged = null, VcpuIo? io = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(peers);
        Id = id;
        _backend = backend;
        _table = peers;
        _unplugged = unplugged;
        _options = options ?? VcpuOptions.Default;
        _io = io ?? VcpuIo.Default;
        // Last: from here the table's writer may call RequestUpdate (under its lock,
        // which also publishes this fully built object to it).
        _view = peers.Attach(this);
    }

    /// <summary>The vCPU id (KVM's <c>vcpu_id</c>): its key in the table.</summary>
    public int Id { get; }

    /// <summary>Where the vCPU is with respect to the guest (KVM's <c>vcpu->mode</c>): what a kick must do to reach it.</summary>
    public VcpuMode Mode => (VcpuMode)Volatile.Read(ref _mode);

    /// <summary>What the vCPU's thread is doing, published for observers.</summary>
    public VcpuRunState State => (VcpuRunState)Volatile.Read(ref _runState);

    /// <summary>
    /// True while the vCPU's run loop runs (started and not yet returned), or while the
    /// thread Start() made for it has not ended.
    /// </summary>
    public bool IsThreadAlive =>
        Volatile.Read(ref _started) != 0 && (!_loopEnded.IsSet || Volatile.Read(ref _ownThread)?.IsAlive == true);

    /// <summary>Interrupts queued and not yet injected.</summary>
    public long PendingInterrupts => Volatile.Read(ref _pendingInterrupts);

    /// <summary>
    /// Interrupts sent here that the guest has not taken yet: queued, plus one injected but
    /// not yet taken (KVM returned before entry). Exact while the vCPU is paused or stopped.
    /// </summary>
    public long InterruptsInFlight => Volatile.Read(ref _pendingInterrupts) + Volatile.Read(ref _untakenInterrupt);

    /// <summary>The vCPU's own view of the table: for its own thread, and for tests and audits that hold the table's writer side still.</summary>
    internal OwnView<Vcpu> View => _view;

    /// <summary>What ended the thread, if an exception did (a handler hook threw); null otherwise.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>
    /// Why the guest stopped on its own (a triple fault, a backend error), if it did: the
    /// thread left its loop, the VM and the other vCPUs go on. Null otherwise.
    /// </summary>
    public string? StopReason => Volatile.Read(ref _stopReason);

    /// <summary>The vCPU whose thread calls this, or null on any other thread.</summary>
    public static Vcpu? Current => t_current;

    /// <summary>The vCPU's counters now; any thread.</summary>
    public VcpuStatsSnapshot ReadStats() => _stats.Snapshot(_requests.RaisedTotal);

    /// <summary>Starts the run loop on a thread of its own; returns once that thread runs.</summary>
    public void Start()
    {
        MarkStarted();
        var thread = new Thread(RunLoopOnThisThread) { IsBackground = true, Name = $"vcpu-{Id}" };
        Volatile.Write(ref _ownThread, thread);
        thread.Start();
    }

    /// <summary>Starts the run loop on one of <paramref name="threads"/>, without waiting for the scheduler.</summary>
    internal void Start(SpareVcpuThreads threads)
    {
        MarkStarted();
        threads.Run(this);
    }

    private void MarkStarted()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
            throw new InvalidOperationException($"vCPU {Id} was already started");
    }

    /// <summary>
    /// Raises <paramref name="request"/> from any thread and kicks the vCPU; returns the
    /// request's ticket for <see cref="WaitForRequest"/>. A vCPU not yet started sees it
    /// when it starts.
    /// </summary>
    public long MakeRequest(VcpuRequest request)
    {
        // Pause and Resume are level-triggered: the handler of either takes the state last
        // asked for, so coalesced or reordered bits cannot leave the vCPU in the wrong one.
        // Raise's full fence (T1) publishes this store before the bit.
        if (request is VcpuRequest.Pause or VcpuRequest.Resume)
            Volatile.Write(ref _pauseWanted, request == VcpuRequest.Pause);
        long ticket = _requests.Raise(request); // (T0, T1): full fence before Kick reads mode (T2')
        Kick();
        return ticket;
    }

    /// <summary>
    /// Waits until this vCPU's thread has consumed <paramref name="ticket"/> (run its
    /// handler and acknowledged), or has left its loop. False on timeout.
    /// </summary>
    public bool WaitForRequest(VcpuRequest request, long ticket, TimeSpan timeout)
    {
        ThrowIfWaitingOnVcpuThread();
        return _requests.WaitConsumed(request, ticket, DeadlineAfter(timeout));
    }

    /// <summary>
    /// The table asks this vCPU to move its own view (under the table's writer lock): the
    /// request bit, and no kick. A vCPU in guest mode is in its extended quiescent state
    /// and moves when it leaves it; one outside guest mode sees the bit before it enters
    /// again; a blocked one has parked its view, which the writer updates. So a growth
    /// costs the guests no exit. The handler calls <see cref="OwnView{T}.ProcessPendingUpdate"/>.
    /// </summary>
    void ITableParticipant.RequestUpdate() => _requests.Raise(VcpuRequest.UpdateVcpus);

    /// <summary>
    /// Everywhere but a doorbell's peer lookup the vCPU reads nothing through its view: in the
    /// guest, handling other exits and requests, on its way to block or to the guest.
    /// <c>RingDoorbell</c> moves to ReadingPeers and then processes a pending update before it
    /// reads (X1, X2). Acquire: pairs with the release that ends ReadingPeers (X3), which
    /// follows the last read of the view and the last use of the peer found.
    /// </summary>
    bool ITableParticipant.IsInExtendedQuiescentState => Volatile.Read(ref _mode) != (int)VcpuMode.ReadingPeers;

    /// <summary>Queues one interrupt for the guest (any thread); injected when the guest can take it.</summary>
    public void QueueInterrupt()
    {
        // Full fence: the interrupt is visible before Kick reads mode and the block gate,
        // pairing with the vCPU's entry fence (T2) and its block announcement (B1).
        Interlocked.Increment(ref _pendingInterrupts);
        _stats.CountQueued();
        Kick();
    }

    /// <summary>
    /// Makes the vCPU look at its requests and interrupts soon (kvm_vcpu_kick): wakes it if
    /// it is blocked, and interrupts the backend if it is in guest mode. Any thread. Call
    /// it after publishing work with a full fence, as MakeRequest and QueueInterrupt do.
    /// </summary>
    public void Kick()
    {
        _stats.CountKick();
        if (_gate.WakeIfBlocked())
            _stats.CountWakeup();
        // Only the kicker that moves InGuest -> ExitingGuest interrupts the backend: one
        // interruption per entry, however many kickers (kvm_vcpu_exiting_guest_mode).
        if (Interlocked.CompareExchange(ref _mode, (int)VcpuMode.ExitingGuest, (int)VcpuMode.InGuest) == (int)VcpuMode.InGuest)
        {
            _backend.Kick();
            _stats.CountKickInterrupt();
        }
    }

    /// <summary>Asks the thread to stop, without waiting (an unplug: the VM releases the vCPU once <see cref="HasLeftRunLoop"/>).</summary>
    internal void RequestStop()
    {
        if (Volatile.Read(ref _started) != 0)
            MakeRequest(VcpuRequest.Stop);
    }

    /// <summary>True when no run loop runs here: never started, or it has returned.</summary>
    internal bool HasLeftRunLoop => Volatile.Read(ref _started) == 0 || _loopEnded.IsSet;

    /// <summary>True once <see cref="Dispose"/> has released the backend.</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>An unplug's grace period has ended: no peer's lookup and no foreign reader can reach this vCPU any more. Any thread.</summary>
    internal void MarkUnreachable() => _unreachable.Set();

    /// <summary>True once <see cref="MarkUnreachable"/> ran (for an unplugged vCPU: it may be released once its loop has returned too).</summary>
    internal bool IsUnreachable => _unreachable.IsSet;

    /// <summary>Waits at most <paramref name="timeout"/> for <see cref="MarkUnreachable"/>.</summary>
    internal bool WaitUnreachable(TimeSpan timeout) => _unreachable.Wait(timeout);

    /// <summary>
    /// Asks the thread to stop and waits for it, at most <paramref name="timeout"/>.
    /// True when no thread is left (or none was started).
    /// </summary>
    public bool Stop(TimeSpan timeout)
    {
        ThrowIfWaitingOnVcpuThread();
        if (Volatile.Read(ref _started) == 0)
            return true;
        MakeRequest(VcpuRequest.Stop);
        long deadline = DeadlineAfter(timeout);
        if (!_loopEnded.Wait(timeout))
            return false;
        var own = Volatile.Read(ref _ownThread);
        return own is null || own.Join(TimeSpan.FromMilliseconds(Math.Clamp(deadline - Environment.TickCount64, 0, int.MaxValue)));
    }

    /// <summary>
    /// Stops the thread (waiting at most <see cref="VcpuOptions.TeardownTimeout"/>), then
    /// detaches its view from the table, releases the backend and counts interrupts still
    /// queued as abandoned. Idempotent. Throws <see cref="TimeoutException"/> if the thread
    /// would not stop; the view and backend are then left alone, since the thread may still
    /// be using them.
    /// </summary>
    public void Dispose()
    {
        if (Volatile.Read(ref _disposed) != 0)
            return;
        if (!Stop(_options.TeardownTimeout))
            throw new TimeoutException($"vCPU {Id} did not leave its run loop within {_options.TeardownTimeout} (state {State})");
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _table.Detach(_view); // the thread parked the view as it left: the writer no longer waits for it
        _backend.Dispose();
        // The thread has ended: an interrupt injected and never taken dies with the backend.
        long abandoned = Interlocked.Exchange(ref _pendingInterrupts, 0) + Interlocked.Exchange(ref _untakenInterrupt, 0);
        if (abandoned > 0)
            _stats.CountAbandoned(abandoned);
    }

    /// <summary>Id, run state and mode, for logs.</summary>
    public override string ToString() => $"vCPU {Id} ({State}, {Mode})";

    internal static long DeadlineAfter(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;

    internal bool WaitUntil(VcpuRequest request, long ticket, long deadlineMs) =>
        _requests.WaitConsumed(request, ticket, deadlineMs);

    /// <summary>A vCPU thread that waits for vCPUs' acknowledgements can deadlock (itself, or two waiting on each other).</summary>
    internal static void ThrowIfWaitingOnVcpuThread(string? operation = null)
    {
        if (t_current is { } self)
        {
            throw new InvalidOperationException(
                $"{operation ?? "This call"} must not run on vCPU {self.Id}'s own thread (an exit or request handler): " +
                "it waits for vCPU acknowledgements or the VM's control lock, and could wait for itself.");
        }
    }
}
