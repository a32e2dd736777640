using System.Diagnostics;
using Rcuvisor.Backends;
using Rcuvisor.Devices;
using Rcuvisor.Execution;
using Rcuvisor.Rcu;
using Rcuvisor.Tables;
using Rcuvisor.Telemetry;

namespace Rcuvisor;

/// <summary>
/// A virtual machine: the backend VM, the vCPU table (any strategy), the vCPUs and their
/// threads, interrupt lines, and the grace-period domains the table and unplug rely on.
/// </summary>
/// <remarks>
/// Control operations (plug, unplug, start, pause, resume, dispose, audit, new interrupt
/// lines) serialise on one control lock: the slow path, where a lock is simpler than
/// anything clever and costs the vCPUs nothing, because no vCPU thread ever takes it.
/// They wait for vCPUs and grace periods, so they refuse to run on a vCPU's own thread or
/// inside a <see cref="TryVisit"/> visitor (<see cref="InvalidOperationException"/>), where
/// they would wait for themselves. Reads (<see cref="State"/>, <see cref="Vcpus"/>,
/// <see cref="ReadStats"/>) take no lock and work on any thread, a vCPU's included: they
/// read what the control path publishes. Foreign readers (<see cref="TryVisit"/>, hence
/// <see cref="IrqLine"/>) never take the lock either.
/// </remarks>
public sealed partial class Vm : IDisposable, IForeignVcpuLookup
{
    [ThreadStatic] private static int t_visitorDepth; // TryVisit visitors this thread is inside, of any VM

    private readonly object _control = new();
    private readonly object _disposeGate = new(); // serialises Dispose, which waits outside the control lock
    private readonly VmOptions _options;
    private readonly RcuDomain _rcu;   // RcuArray's readers
    private readonly SrcuDomain _srcu; // CachedMove's foreign readers, and the VM's own guard below
    private readonly IVmBackend _backend;
    private readonly VcpuIo _io;
    private readonly VcpuTable<Vcpu> _table;
    private readonly UnpluggedVcpuIds _unplugged;
    private readonly SpareVcpuThreads _threads; // started ahead of need: CreateVcpu does not wait for the scheduler
    // Fixed and RadixTree foreign reads hold nothing; the VM wraps them in its SRCU domain,
    // so an unplug can wait for a signal in flight before it tears the target down.
    private readonly bool _guardForeignReads;
    private readonly Dictionary<int, Vcpu> _vcpus = []; // control lock
    private readonly List<Vcpu> _retiring = [];         // unplugged, threads told to stop, not yet released; control lock
    private readonly LatencyRecorder _plugLatency = new();
    private readonly LatencyRecorder _growthLatency = new();
    private readonly LatencyRecorder _unplugLatency = new();
    private VmMembers _members = VmMembers.Empty; // written under the control lock, read by anyone (Volatile)
    private long _created;       // written under the control lock, read by anyone (Volatile)
    private long _growths;       // written under the control lock, read by anyone (Volatile)
    private int _state;          // VmState: written under the control lock, read by anyone (Volatile)
    private bool _acknowledged = true; // the last Pause or Resume was acknowledged by every vCPU; control lock
    private int _disposed;       // 1 once Dispose began; read without the lock by foreign readers
    private readonly KeyValuePair<string, object?>[] _meterTags; // vm.id, table, backend
    private bool _released;      // Dispose has released everything; control lock

    private Vm(VmOptions options)
    {
        _options = options;
        Id = VmMeter.NextId();
        _meterTags = VmMeter.TagsOf(Id, options);
        var grace = new GracePeriodOptions { Checked = options.CheckedGracePeriods };
        _rcu = new RcuDomain(grace with { Name = "vm-rcu" });
        _srcu = new SrcuDomain(grace with { Name = "vm-srcu" });
        IVmBackend? backend = null;
        try
        {
            backend = options.Hypervisor.CreateVm(options.Guest, options.MaxVcpuIds - 1);
            var limits = new VcpuTableLimits { MaxCount = options.MaxVcpus, MaxId = options.MaxVcpuIds };
            _table = VcpuTables.Create<Vcpu>(options.Table, limits, _rcu, _srcu);
            _backend = backend;
            _io = new VcpuIo(new IoBus([DoorbellDevice.PortMapping, .. options.PortDevices]), new IoBus(options.MmioDevices));
        }
        catch
        {
            backend?.Dispose();
            _srcu.Dispose();
            _rcu.Dispose();
            throw;
        }
        _unplugged = new UnpluggedVcpuIds(options.MaxVcpuIds);
        _threads = new SpareVcpuThreads(options.SpareVcpuThreads);
        _guardForeignReads = !_table.RemoveWaitsForForeignReaders;
        _members = VmMembers.Empty with { TableBytes = _table.FootprintBytes };
    }

    /// <summary>Builds a VM with no vCPUs. Throws <see cref="ArgumentOutOfRangeException"/> naming a bad option and its limit.</summary>
    public static Vm Create(VmOptions? options = null)
    {
        options ??= VmOptions.Default;
        options.Validate();
        var vm = new Vm(options);
        VmMeter.Register(vm); // observed by the Rcuvisor meter until Dispose
        return vm;
    }

    /// <summary>A number unique in this process, in creation order: the <c>vm.id</c> tag on the VM's metrics (<see cref="VmMeter"/>).</summary>
    public long Id { get; }

    /// <summary>The tags on every measurement of this VM's metrics.</summary>
    internal KeyValuePair<string, object?>[] MeterTags => _meterTags;

    /// <summary>The options the VM was created with.</summary>
    public VmOptions Options => _options;

    /// <summary>The backend's short name: "sim" or "kvm".</summary>
    public string BackendName => _options.Hypervisor.Name;

    /// <summary>Where the VM is in its life. No lock: any thread, a vCPU's included.</summary>
    public VmState State => (VmState)Volatile.Read(ref _state);

    /// <summary>The live vCPUs in id order, as the last control operation left them. No lock: any thread.</summary>
    public IReadOnlyList<Vcpu> Vcpus => Array.AsReadOnly(Volatile.Read(ref _members).Live);

    /// <summary>
    /// Plugs in vCPU <paramref name="id"/> (named after KVM's <c>KVM_CREATE_VCPU</c>): creates it, adds it to the table (growing it if needed) and,
    /// unless the VM is still <see cref="VmState.Created"/>, starts its thread. Returns once
    /// every reader can see it. Throws <see cref="VcpuIdOutOfRangeException"/>,
    /// <see cref="DuplicateVcpuIdException"/> or <see cref="VcpuTableFullException"/>,
    /// leaving the VM as it was.
    /// </summary>
    public Vcpu CreateVcpu(int id)
    {
        ThrowIfCannotWait(nameof(CreateVcpu)); // it may wait for the id's unplugged predecessor to leave its run loop
        lock (_control)
        {
            ThrowIfDisposed();
            ThrowIfIdOutOfRange(id);
            if (_vcpus.ContainsKey(id))
                throw new DuplicateVcpuIdException(id, _options.MaxVcpuIds);
            long start = Stopwatch.GetTimestamp();
            ReleaseRetired(waitForId: id); // its previous self must be gone: a KVM vCPU fd is reused by id
            var vcpu = Build(id);
            AddToTable(vcpu);
            _vcpus.Add(id, vcpu);
            Volatile.Write(ref _created, _created + 1);
            Publish(_members.Plus(vcpu));
            if (CurrentState == VmState.Paused)
                vcpu.MakeRequest(VcpuRequest.Pause); // seen first thing on its thread: it starts parked
            if (CurrentState != VmState.Created)
                vcpu.Start(_threads); // handed to a parked thread: no wait for the scheduler
            VmMeter.PlugDuration.Record(_plugLatency.Add(start), _meterTags); // recorded here, never on a vCPU thread
            return vcpu;
        }
    }

    /// <summary>
    /// Unplugs vCPU <paramref name="id"/> (the inverse of <see cref="CreateVcpu"/>): removes it from the table (no lookup that
    /// begins after this returns finds it) and tells its thread to stop. Returns without
    /// waiting for the grace period over vCPU threads and foreign readers, nor for that
    /// thread: it leaves the guest at its next exit, and the vCPU's backend is released once
    /// both have ended, by the next control operation or <see cref="Dispose"/> (docs/vm.md,
    /// "Unplug"). Interrupts still queued at it then count as dropped.
    /// Throws <see cref="UnknownVcpuIdException"/> or <see cref="VcpuIdOutOfRangeException"/>.
    /// </summary>
    /// <remarks>
    /// Until its thread has left, the unplugged vCPU's counters still move and are read live
    /// by <see cref="ReadStats"/>; <see cref="Pause"/> and <see cref="Audit"/> wait for it, and
    /// plugging the same id again waits for it (at most <see cref="VcpuOptions.TeardownTimeout"/>).
    /// </remarks>
    public void DestroyVcpu(int id)
    {
        ThrowIfCannotWait(nameof(DestroyVcpu));
        lock (_control)
        {
            ThrowIfDisposed();
            ThrowIfIdOutOfRange(id);
            if (!_vcpus.Remove(id, out var vcpu))
                throw new UnknownVcpuIdException(id, _options.MaxVcpuIds);
            long start = Stopwatch.GetTimestamp();
            _unplugged.Add(id); // before the slot is cleared: a doorbell that misses finds the mark
            // Unlinked now; once every vCPU has passed a quiescent point and the readers' grace
            // period (the table's own, or the VM's SRCU for foreign reads the table does not
            // cover) has ended, the grace-period worker marks it unreachable. Waiting here
            // would cost a scheduler turn on a busy host (issue 12).
            _table.RemoveDeferred(id, _guardForeignReads ? _srcu : null, static v => v.MarkUnreachable());
            // Its thread may stop before that: a peer still holding it only queues an interrupt
            // (dropped at release) or kicks it (the kicker never signals a thread that left).
            vcpu.RequestStop();
            _retiring.Add(vcpu);
            Publish(_members.Retire(vcpu));
            ReleaseRetired();
            VmMeter.UnplugDuration.Record(_unplugLatency.Add(start), _meterTags);
        }
    }

    /// <summary>Starts every vCPU created so far; later ones start as they are created.</summary>
    public void Start()
    {
        ThrowIfCannotWait(nameof(Start));
        lock (_control)
        {
            ThrowIfDisposed();
            ThrowIfNotIn(VmState.Created, nameof(Start));
            // Every deferred grace period (a resize's retirement, an unplug) runs on these
            // workers: started now, so no plug or unplug on a busy host waits for a thread start.
            _srcu.StartDeferredWorker();
            if (_table.Strategy == VcpuTableStrategy.RcuArray)
                _rcu.StartDeferredWorker();
            SetState(VmState.Running);
            foreach (var vcpu in _vcpus.Values)
                vcpu.Start(_threads);
        }
    }

    /// <summary>
    /// Every vCPU out of guest mode and parked, each acknowledged. Throws
    /// <see cref="TimeoutException"/> past <see cref="VmOptions.ControlTimeout"/>: the VM is
    /// then Paused but unacknowledged (the slow vCPUs park when they get to it, and no
    /// <see cref="Audit"/> runs until they have); call Pause again to wait again, or Resume.
    /// </summary>
    public void Pause() => Broadcast(VmState.Running, VmState.Paused, VcpuRequest.Pause);

    /// <summary>Every vCPU running again, each acknowledged; on timeout as <see cref="Pause"/>, the other way.</summary>
    public void Resume() => Broadcast(VmState.Paused, VmState.Running, VcpuRequest.Resume);

    /// <summary>
    /// An interrupt line bound to vCPU <paramref name="targetId"/>, which must exist now.
    /// Signals after the target is unplugged are counted as dropped.
    /// </summary>
    public IrqLine CreateIrqLine(int targetId)
    {
        ThrowIfCannotWait(nameof(CreateIrqLine));
        lock (_control)
        {
            ThrowIfDisposed();
            ThrowIfIdOutOfRange(targetId);
            if (!_vcpus.ContainsKey(targetId))
                throw new UnknownVcpuIdException(targetId, _options.MaxVcpuIds);
            var line = new IrqLine(targetId, this);
            Publish(_members with { Lines = [.. _members.Lines, line] });
            return line;
        }
    }

    /// <summary>
    /// The foreign read path: finds vCPU <paramref name="id"/> under the table's foreign
    /// view (plus the VM's SRCU guard where the table holds nothing) and runs the visitor
    /// inside that read section, so the vCPU cannot be unplugged or torn down meanwhile.
    /// Throws <see cref="ObjectDisposedException"/> once the VM is being disposed.
    /// </summary>
    public bool TryVisit<TVisitor>(int id, ref TVisitor visitor) where TVisitor : struct, IVcpuVisitor
    {
        bool guarded = _guardForeignReads;
        var guard = guarded ? _srcu.Read() : default; // ends on this thread: the one-thread kind
        try
        {
            using var view = _table.ReadForeign();
            // Checked inside the section: Dispose sets the flag, then waits for sections that began before.
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var vcpu = view.GetById(id);
            if (vcpu is null)
                return false;
            t_visitorDepth++; // control operations on this thread would wait for this very section
            try
            {
                visitor.Visit(vcpu);
            }
            finally
            {
                t_visitorDepth--;
            }
            return true;
        }
        finally
        {
            if (guarded)
                guard.Dispose();
        }
    }

    /// <summary>
    /// Stops and joins every vCPU thread (live ones and unplugged ones that would not stop),
    /// then releases the vCPUs' backends, the table, the VM backend and the domains, in that
    /// order: no backend goes while any thread could still kick it. Idempotent. Foreign
    /// readers that began before it finish first; later ones get
    /// <see cref="ObjectDisposedException"/>. Statistics stay readable. Throws
    /// <see cref="TimeoutException"/> naming the vCPUs whose threads would not stop within
    /// <see cref="VcpuOptions.TeardownTimeout"/>, releasing nothing; calling it again retries.
    /// </summary>
    public void Dispose()
    {
        ThrowIfCannotWait(nameof(Dispose));
        lock (_disposeGate) // two disposers at once: the second waits, then finds it released
            DisposeOnce();
    }

    private void DisposeOnce()
    {
        Vcpu[] vcpus;
        lock (_control)
        {
            if (_released)
                return;
            SetState(VmState.Disposed);
            Volatile.Write(ref _disposed, 1);
            vcpus = [.. _vcpus.Values, .. _retiring];
        }
        _srcu.Synchronize(); // foreign readers inside a section have seen their vCPU through
        _rcu.Synchronize();
        VcpuBroadcast.MakeAllVcpusRequest(vcpus, VcpuRequest.Stop, wait: false, Timeout.InfiniteTimeSpan); // all leave at once
        StopAllOrThrow(vcpus);
        lock (_control)
        {
            foreach (var vcpu in vcpus)
                vcpu.Dispose(); // every thread has ended: nobody can kick this backend any more
            foreach (var vcpu in _retiring)
                Publish(_members.Release(vcpu, vcpu.ReadStats())); // final now: abandoned interrupts counted
            _retiring.Clear();
            _released = true;
        }
        _threads.Dispose(); // every vCPU has stopped: the threads end, parked or not
        _table.Dispose();
        _backend.Dispose();
        _srcu.Dispose();
        _rcu.Dispose();
        VmMeter.Unregister(this); // last: a collector may still read the final counters until now, as ReadStats allows
    }

    /// <summary>Threads of this VM not yet ended: running a vCPU or parked for the next one.</summary>
    internal int ThreadsAlive => _threads.Alive;

    /// <summary>
    /// Control lock. Releases the unplugged vCPUs whose threads have left their run loops and
    /// whose unplug's grace period has ended: detaches the view, disposes the backend (no
    /// other thread can reach it), and folds their final counts into the unplugged totals.
    /// With <paramref name="waitForId"/>, first waits for that id's thread and grace period
    /// (throws <see cref="TimeoutException"/> after <see cref="VcpuOptions.TeardownTimeout"/>).
    /// </summary>
    private void ReleaseRetired(int waitForId = -1)
    {
        foreach (var vcpu in _retiring.Where(v => v.Id == waitForId))
        {
            if (!vcpu.Stop(_options.Vcpu.TeardownTimeout) || !vcpu.WaitUnreachable(_options.Vcpu.TeardownTimeout))
                throw new TimeoutException(
                    $"vCPU {waitForId} cannot be plugged in again yet: its unplugged predecessor's thread did not leave its run loop, or its unplug's grace period did not end, within {_options.Vcpu.TeardownTimeout}.");
        }
        for (int i = _retiring.Count - 1; i >= 0; i--)
        {
            var vcpu = _retiring[i];
            if (!vcpu.HasLeftRunLoop || !vcpu.IsUnreachable)
                continue;
            vcpu.Dispose(); // its loop has returned: nothing to wait for but a thread of its own ending
            _retiring.RemoveAt(i);
            Publish(_members.Release(vcpu, vcpu.ReadStats())); // after Dispose: abandoned interrupts counted
        }
    }

    /// <summary>Control lock. Waits until every unplugged vCPU's thread has left and its grace period ended, then releases them; false at the deadline.</summary>
    private bool ReleaseRetiredBy(long deadlineMs)
    {
        foreach (var vcpu in _retiring)
        {
            if (!vcpu.Stop(TimeLeft(deadlineMs)) || !vcpu.WaitUnreachable(TimeLeft(deadlineMs)))
                return false;
        }
        ReleaseRetired();
        return true;
    }

    private static TimeSpan TimeLeft(long deadlineMs) => deadlineMs == long.MaxValue
        ? Timeout.InfiniteTimeSpan
        : TimeSpan.FromMilliseconds(Math.Max(0, deadlineMs - Environment.TickCount64));

    /// <summary>Joins every thread; if any would not stop, throws naming them, having released nothing.</summary>
    private void StopAllOrThrow(Vcpu[] vcpus)
    {
        long deadline = Execution.Vcpu.DeadlineAfter(_options.Vcpu.TeardownTimeout);
        var stuck = new List<int>();
        foreach (var vcpu in vcpus)
        {
            if (!vcpu.Stop(TimeLeft(deadline))) // an infinite timeout: its "deadline" would overflow a TimeSpan
                stuck.Add(vcpu.Id);
        }
        if (stuck.Count > 0)
        {
            throw new TimeoutException(
                $"vCPU(s) {string.Join(", ", stuck)} did not leave their run loops within {_options.Vcpu.TeardownTimeout}; " +
                "nothing was released (their threads may still use it). Dispose again to retry.");
        }
    }

    /// <summary>Builds vCPU <paramref name="id"/>: its backend half and the vCPU, whose view attaches parked.</summary>
    private Vcpu Build(int id)
    {
        var backend = _backend.CreateVcpu(id);
        try
        {
            return new Vcpu(id, backend, _table, _options.Vcpu, _unplugged, _io);
        }
        catch
        {
            backend.Dispose();
            throw;
        }
    }

    /// <summary>The table part of a creation, timed on its own when it grows the table; on failure releases the vCPU.</summary>
    private void AddToTable(Vcpu vcpu)
    {
        long start = Stopwatch.GetTimestamp();
        int capacity = _table.Capacity;
        try
        {
            _table.Add(vcpu); // VcpuTableFullException: the table is unchanged
        }
        catch
        {
            vcpu.Dispose(); // never started: detaches its view, releases the backend
            throw;
        }
        if (_table.Capacity == capacity)
            return;
        Volatile.Write(ref _growths, _growths + 1);
        if (CurrentState != VmState.Created)
            VmMeter.GrowthDuration.Record(_growthLatency.Add(start), _meterTags); // only growths with vCPU threads to bring along are worth timing
    }

    /// <summary>
    /// Pause or Resume. A vCPU handles either request by taking the state last asked of it
    /// (<see cref="Vcpu.MakeRequest"/> records it), so a request left pending by a timeout
    /// and a later one cannot combine into the wrong state, whatever order they are handled in.
    /// </summary>
    private void Broadcast(VmState from, VmState to, VcpuRequest request)
    {
        ThrowIfCannotWait(request.ToString());
        lock (_control)
        {
            ThrowIfDisposed();
            bool retry = CurrentState == to && !_acknowledged; // the same call again, after a timeout
            if (!retry)
                ThrowIfNotIn(from, request.ToString());
            SetState(to); // every vCPU has the request even if some are slow to acknowledge it
            _acknowledged = false;
            Vcpu[] vcpus = [.. _vcpus.Values];
            long deadline = Vcpu.DeadlineAfter(_options.ControlTimeout);
            bool acknowledged = VcpuBroadcast.MakeAllVcpusRequest(vcpus, request, wait: true, _options.ControlTimeout);
            if (acknowledged && to == VmState.Paused)
                acknowledged = ReleaseRetiredBy(deadline); // a paused VM runs no guest code, an unplugged vCPU's last included
            if (!acknowledged)
            {
                var slow = vcpus.Where(v => IsParked(v) != (to == VmState.Paused)).Select(v => v.Id)
                    .Concat(_retiring.Select(v => v.Id)).Order();
                throw new TimeoutException(
                    $"{request}: not every one of {vcpus.Length} vCPUs acknowledged within {_options.ControlTimeout} " +
                    $"(still to: {string.Join(", ", slow)}). The VM is {to} but unacknowledged; call {request} again to wait.");
            }
            _acknowledged = true;
        }
    }

    private static bool IsParked(Vcpu vcpu) => vcpu.State is VcpuRunState.Parked or VcpuRunState.Exited;

    /// <summary>The state, read under the control lock by the control path.</summary>
    private VmState CurrentState => (VmState)_state;

    private void SetState(VmState state) => Volatile.Write(ref _state, (int)state); // release: readers without the lock

    /// <summary>Publishes a new membership (control lock held); release, so a reader sees each vCPU fully built.</summary>
    // The table's bytes without its lock: a plug or unplug must not wait for the grace-period worker holding it.
    private void Publish(VmMembers members) => Volatile.Write(ref _members, members with { TableBytes = _table.FootprintBytesWithoutLock });

    /// <summary>Control operations wait for vCPUs and grace periods: never on a vCPU thread, never inside a read section.</summary>
    private static void ThrowIfCannotWait(string operation)
    {
        Vcpu.ThrowIfWaitingOnVcpuThread(operation);
        if (t_visitorDepth != 0)
        {
            throw new InvalidOperationException(
                $"{operation} was called inside a TryVisit visitor (an interrupt line's signal, say): it waits for read sections " +
                "to end, this one included, and would never return. Call it after the visitor returns.");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(CurrentState == VmState.Disposed, this);

    private void ThrowIfNotIn(VmState expected, string operation)
    {
        if (CurrentState != expected)
            throw new InvalidOperationException($"{operation} needs a VM that is {expected}; this one is {CurrentState}.");
    }

    private void ThrowIfIdOutOfRange(int id)
    {
        if ((uint)id >= (uint)_options.MaxVcpuIds)
            throw new VcpuIdOutOfRangeException(id, _options.MaxVcpuIds);
    }
}
