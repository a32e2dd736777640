using System.Diagnostics;
using Rcuvisor.Backends;
using Rcuvisor.Execution;
using Rcuvisor.Rcu;
using Rcuvisor.Tables;

namespace Rcuvisor;

/// <summary>
/// A virtual machine: the backend VM, the vCPU table (any strategy), the vCPUs and their
/// threads, interrupt lines, and the grace-period domains the table and unplug rely on.
/// </summary>
/// <remarks>
/// Control operations (create, unplug, start, pause, resume, dispose) serialise on one
/// control lock: the slow path, where a lock is simpler than anything clever and costs the
/// vCPUs nothing, because no vCPU thread ever takes it. They must not be called from a
/// vCPU's own thread, since they wait for vCPUs. Foreign readers (<see cref="TryVisit"/>,
/// hence <see cref="IrqLine"/>) never take it either.
/// </remarks>
public sealed partial class Vm : IDisposable, IForeignVcpuLookup
{
    private readonly object _control = new();
    private readonly VmOptions _options;
    private readonly RcuDomain _rcu;   // RcuArray's readers
    private readonly SrcuDomain _srcu; // CachedMove's foreign readers, and the VM's own guard below
    private readonly IVmBackend _backend;
    private readonly VcpuTable<Vcpu> _table;
    private readonly UnpluggedVcpuIds _unplugged;
    // Fixed and RadixTree foreign reads hold nothing; the VM wraps them in its SRCU domain,
    // so an unplug can wait for a signal in flight before it tears the target down.
    private readonly bool _guardForeignReads;
    private readonly Dictionary<int, Vcpu> _vcpus = []; // control lock
    private readonly List<IrqLine> _irqLines = [];      // control lock
    private readonly LatencyRecorder _createLatency = new();
    private readonly LatencyRecorder _growthLatency = new();
    private readonly LatencyRecorder _unplugLatency = new();
    private VcpuStatsSnapshot _unpluggedStats; // unplugged vCPUs' final counters; control lock
    private long _created;
    private long _growths;
    private VmState _state;      // control lock
    private int _disposed;       // 1 once Dispose began; read without the lock by foreign readers

    private Vm(VmOptions options)
    {
        _options = options;
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
        }
        catch
        {
            backend?.Dispose();
            _srcu.Dispose();
            _rcu.Dispose();
            throw;
        }
        _unplugged = new UnpluggedVcpuIds(options.MaxVcpuIds);
        _guardForeignReads = !_table.RemoveWaitsForForeignReaders;
    }

    /// <summary>Builds a VM with no vCPUs. Throws <see cref="ArgumentOutOfRangeException"/> naming a bad option and its limit.</summary>
    public static Vm Create(VmOptions? options = null)
    {
        options ??= VmOptions.Default;
        options.Validate();
        return new Vm(options);
    }

    public VmOptions Options => _options;

    public string BackendName => _options.Hypervisor.Name;

    public VmState State
    {
        get
        {
            lock (_control)
                return _state;
        }
    }

    /// <summary>The live vCPUs in id order (a copy).</summary>
    public IReadOnlyList<Vcpu> Vcpus
    {
        get
        {
            lock (_control)
                return [.. _vcpus.Values.OrderBy(v => v.Id)];
        }
    }

    /// <summary>
    /// Creates vCPU <paramref name="id"/>, adds it to the table (growing it if needed) and,
    /// unless the VM is still <see cref="VmState.Created"/>, starts its thread. Returns once
    /// every reader can see it. Throws <see cref="VcpuIdOutOfRangeException"/>,
    /// <see cref="DuplicateVcpuIdException"/> or <see cref="VcpuTableFullException"/>,
    /// leaving the VM as it was.
    /// </summary>
    public Vcpu CreateVcpu(int id)
    {
        Vcpu.ThrowIfWaitingOnVcpuThread(); // growth waits for every vCPU to move its view
        lock (_control)
        {
            ThrowIfDisposed();
            ThrowIfIdOutOfRange(id);
            if (_vcpus.ContainsKey(id))
                throw new DuplicateVcpuIdException(id, _options.MaxVcpuIds);
            long start = Stopwatch.GetTimestamp();
            var vcpu = Build(id);
            AddToTable(vcpu);
            _vcpus.Add(id, vcpu);
            _created++;
            if (_state == VmState.Paused)
                vcpu.MakeRequest(VcpuRequest.Pause); // seen first thing on its thread: it starts parked
            if (_state != VmState.Created)
                vcpu.Start(); // returns once the thread runs: on a busy host, most of this call's time
            _createLatency.Add(start);
            return vcpu;
        }
    }

    /// <summary>
    /// Hot-unplugs vCPU <paramref name="id"/>: removes it from the table, waits for a grace
    /// period over vCPU threads and foreign readers, then stops its thread and releases its
    /// backend. Interrupts still queued at it count as dropped for a removed target.
    /// Throws <see cref="UnknownVcpuIdException"/> or <see cref="VcpuIdOutOfRangeException"/>.
    /// </summary>
    public void DestroyVcpu(int id)
    {
        Vcpu.ThrowIfWaitingOnVcpuThread();
        lock (_control)
        {
            ThrowIfDisposed();
            ThrowIfIdOutOfRange(id);
            if (!_vcpus.Remove(id, out var vcpu))
                throw new UnknownVcpuIdException(id, _options.MaxVcpuIds);
            long start = Stopwatch.GetTimestamp();
            _unplugged.Add(id); // before the slot is cleared: a doorbell that misses finds the mark
            _table.Remove(id);  // every vCPU passes a quiescent point; the table's own readers drain
            if (_guardForeignReads)
                _srcu.Synchronize(); // foreign readers the table does not cover have left
            try
            {
                vcpu.Dispose(); // nobody can reach it now: stop the thread, detach its view, release the backend
            }
            finally
            {
                _unpluggedStats += vcpu.ReadStats(); // its counts stay in the totals even if its thread would not stop
                _unplugLatency.Add(start);
            }
        }
    }

    /// <summary>Starts every vCPU created so far; later ones start as they are created.</summary>
    public void Start()
    {
        lock (_control)
        {
            ThrowIfDisposed();
            ThrowIfNotIn(VmState.Created, nameof(Start));
            _state = VmState.Running;
            foreach (var vcpu in _vcpus.Values)
                vcpu.Start();
        }
    }

    /// <summary>Every vCPU out of guest mode and parked, each acknowledged. Throws <see cref="TimeoutException"/> past <see cref="VmOptions.ControlTimeout"/>.</summary>
    public void Pause() => Broadcast(VmState.Running, VmState.Paused, VcpuRequest.Pause);

    /// <summary>Every vCPU running again, each acknowledged.</summary>
    public void Resume() => Broadcast(VmState.Paused, VmState.Running, VcpuRequest.Resume);

    /// <summary>
    /// An interrupt line bound to vCPU <paramref name="targetId"/>, which must exist now.
    /// Signals after the target is unplugged are counted as dropped.
    /// </summary>
    public IrqLine CreateIrqLine(int targetId)
    {
        lock (_control)
        {
            ThrowIfDisposed();
            ThrowIfIdOutOfRange(targetId);
            if (!_vcpus.ContainsKey(targetId))
                throw new UnknownVcpuIdException(targetId, _options.MaxVcpuIds);
            var line = new IrqLine(targetId, this);
            _irqLines.Add(line);
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
        var guard = guarded ? _srcu.ReadLock() : default;
        try
        {
            using var view = _table.ReadForeign();
            // Checked inside the section: Dispose sets the flag, then waits for sections that began before.
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var vcpu = view.GetById(id);
            if (vcpu is null)
                return false;
            visitor.Visit(vcpu);
            return true;
        }
        finally
        {
            if (guarded)
                _srcu.ReadUnlock(guard);
        }
    }

    /// <summary>
    /// Stops every vCPU thread, then releases the table, the backend and the domains, in
    /// that order. Idempotent. Foreign readers that began before it finish first; later
    /// ones get <see cref="ObjectDisposedException"/>. Statistics stay readable.
    /// </summary>
    public void Dispose()
    {
        Vcpu.ThrowIfWaitingOnVcpuThread();
        Vcpu[] vcpus;
        lock (_control)
        {
            if (_state == VmState.Disposed)
                return;
            _state = VmState.Disposed;
            Volatile.Write(ref _disposed, 1);
            vcpus = [.. _vcpus.Values];
        }
        _srcu.Synchronize(); // foreign readers inside a section have seen their vCPU through
        _rcu.Synchronize();
        VcpuBroadcast.MakeAllVcpusRequest(vcpus, VcpuRequest.Stop, wait: false, Timeout.InfiniteTimeSpan); // all leave at once
        var stuck = StopAll(vcpus);
        if (stuck is not null)
            throw stuck; // a thread may still use the backend: leave it, the table and the domains alone
        _table.Dispose();
        _backend.Dispose();
        _srcu.Dispose();
        _rcu.Dispose();
    }

    private static TimeoutException? StopAll(Vcpu[] vcpus)
    {
        TimeoutException? first = null;
        foreach (var vcpu in vcpus)
        {
            try
            {
                vcpu.Dispose();
            }
            catch (TimeoutException ex)
            {
                first ??= ex;
            }
        }
        return first;
    }

    /// <summary>Builds vCPU <paramref name="id"/>: its backend half and the vCPU, whose view attaches parked.</summary>
    private Vcpu Build(int id)
    {
        var backend = _backend.CreateVcpu(id);
        try
        {
            return new Vcpu(id, backend, _table, _options.Vcpu, _unplugged);
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
        _growths++;
        if (_state != VmState.Created)
            _growthLatency.Add(start); // only growths with vCPU threads to bring along are worth timing
    }

    private void Broadcast(VmState from, VmState to, VcpuRequest request)
    {
        Vcpu.ThrowIfWaitingOnVcpuThread();
        lock (_control)
        {
            ThrowIfDisposed();
            ThrowIfNotIn(from, request.ToString());
            // The lock serialises Pause and Resume: coalesced, they would run in enum order.
            _state = to; // every vCPU has the request even if some are slow to acknowledge it
            Vcpu[] vcpus = [.. _vcpus.Values];
            if (!VcpuBroadcast.MakeAllVcpusRequest(vcpus, request, wait: true, _options.ControlTimeout))
                throw new TimeoutException($"{request}: not every one of {vcpus.Length} vCPUs acknowledged within {_options.ControlTimeout}");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_state == VmState.Disposed, this);

    private void ThrowIfNotIn(VmState expected, string operation)
    {
        if (_state != expected)
            throw new InvalidOperationException($"{operation} needs a VM that is {expected}; this one is {_state}.");
    }

    private void ThrowIfIdOutOfRange(int id)
    {
        if ((uint)id >= (uint)_options.MaxVcpuIds)
            throw new VcpuIdOutOfRangeException(id, _options.MaxVcpuIds);
    }
}
