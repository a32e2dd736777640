namespace Rcuvisor.Execution;

/// <summary>
/// vCPU threads started ahead of need and parked, so that plugging a vCPU hands it to a
/// thread that already runs instead of waiting in <c>Thread.Start</c> for the scheduler to
/// run a new one (tens of milliseconds on a busy host). The pool keeps
/// <see cref="Target"/> threads parked: a handoff takes one and starts its replacement in
/// the background; a thread whose vCPU stopped parks again if the pool is short, else ends.
/// </summary>
/// <remarks>
/// A VM costs its live vCPUs' threads plus at most <see cref="Target"/> parked ones (and,
/// briefly, replacements being started). <see cref="Dispose"/>, after every vCPU stopped,
/// ends and joins them all. The lock is the slow path's: handoffs and returns, never a vCPU's run.
/// </remarks>
internal sealed class SpareVcpuThreads : IDisposable
{
    private readonly object _gate = new();
    private readonly Stack<SpareThread> _parked = new(); // _gate
    private readonly List<SpareThread> _all = [];        // _gate: every thread not yet ended
    private int _starting;                                // _gate: replacements being started
    private int _launching;                               // _gate: threads started with their vCPU already assigned
    private bool _disposed;                               // _gate

    /// <param name="target">How many threads to keep parked; 0 starts a thread per vCPU as it starts.</param>
    public SpareVcpuThreads(int target)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(target);
        Target = target;
        for (int i = 0; i < target; i++)
            StartSpare();
    }

    public int Target { get; }

    /// <summary>Threads parked now, waiting for a vCPU.</summary>
    public int Parked
    {
        get
        {
            lock (_gate)
                return _parked.Count;
        }
    }

    /// <summary>Threads of this pool that have not ended, parked or running a vCPU.</summary>
    public int Alive
    {
        get
        {
            lock (_gate)
                return _all.Count;
        }
    }

    /// <summary>
    /// Runs <paramref name="vcpu"/>'s loop on a parked thread and returns without waiting for
    /// it to be scheduled; with none parked (a burst of plugs outran the replacements), on a
    /// new thread that a thread-pool worker starts, so the caller does not wait either.
    /// </summary>
    public void Run(Vcpu vcpu)
    {
        SpareThread? thread;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _parked.TryPop(out thread);
            if (_parked.Count + _starting < Target)
            {
                _starting++;
                ThreadPool.UnsafeQueueUserWorkItem(static pool => pool.StartReplacement(), this, preferLocal: false);
            }
        }
        if (thread is null)
        {
            Launch(vcpu);
            return;
        }
        thread.Assign(vcpu);
    }

    /// <summary>Ends every parked thread and joins every thread; call after every vCPU has stopped.</summary>
    public void Dispose()
    {
        SpareThread[] all;
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            while (_starting > 0 || _launching > 0)
                Monitor.Wait(_gate); // a thread being started joins _all first; then it is ended or joined below
            foreach (var parked in _parked)
                parked.Assign(null); // no vCPU: the thread ends
            _parked.Clear();
            all = [.. _all];
        }
        foreach (var thread in all)
            thread.Join();
    }

    /// <summary>The thread's vCPU stopped: park it again if the pool is short, else let it end. False: end.</summary>
    internal bool TryPark(SpareThread thread)
    {
        lock (_gate)
        {
            if (_disposed || _parked.Count + _starting >= Target) // replacements in flight count: they park when started
            {
                _all.Remove(thread);
                return false;
            }
            _parked.Push(thread);
            return true;
        }
    }

    /// <summary>A parked thread's loop is ending (disposal): forget it.</summary>
    internal void Forget(SpareThread thread)
    {
        lock (_gate)
            _all.Remove(thread);
    }

    private void StartReplacement()
    {
        try
        {
            StartSpare();
        }
        finally
        {
            lock (_gate)
            {
                _starting--;
                Monitor.PulseAll(_gate); // Dispose waits for replacements in flight
            }
        }
    }

    /// <summary>Starts a thread and parks it (Thread.Start waits for the scheduler: never on a caller's path).</summary>
    private void StartSpare()
    {
        SpareThread thread;
        lock (_gate)
        {
            if (_disposed)
                return;
            thread = new SpareThread(this);
            _all.Add(thread);
        }
        thread.Start();
        lock (_gate)
        {
            if (!_disposed && _parked.Count < Target)
            {
                _parked.Push(thread);
                return;
            }
        }
        thread.Assign(null); // disposed meanwhile, or a returning thread parked first: let it end (Dispose joins it)
    }

    /// <summary>A new thread, its vCPU assigned before it starts (it runs the loop at once), started off the caller's path.</summary>
    private void Launch(Vcpu vcpu)
    {
        var thread = new SpareThread(this);
        thread.Assign(vcpu);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _all.Add(thread);
            _launching++; // in the same step as joining _all: Dispose waits for the start before it joins the thread
        }
        ThreadPool.UnsafeQueueUserWorkItem(static launch => launch.Pool.Start(launch.Thread), (Pool: this, Thread: thread), preferLocal: false);
    }

    private void Start(SpareThread thread)
    {
        try
        {
            thread.Start();
        }
        finally
        {
            lock (_gate)
            {
                _launching--;
                Monitor.PulseAll(_gate); // Dispose waits for threads being started
            }
        }
    }
}
