namespace Rcuvisor.Rcu;

/// <summary>
/// The call_rcu worker: callbacks queued by <see cref="GracePeriodDomain.Defer"/> are
/// taken in batches by one background thread, which waits for a single grace period
/// per batch and then runs the whole batch in queue order. Batching is what makes
/// deferral cheap: one <c>Synchronize()</c> covers every callback queued before it.
/// </summary>
/// <remarks>
/// The queue is a list swapped under a lock rather than a lock-free queue: producers
/// hold the lock for one <c>List.Add</c>, the worker for one swap per batch, so the
/// lock is short and almost never contended, and the batch is a plain list to walk.
/// </remarks>
internal sealed class DeferredReclaimer
{
    private readonly GracePeriodDomain _domain;
    private readonly object _gate = new();
    private List<Action> _pending = [];
    private List<Action> _spare = [];
    private readonly List<Exception> _failures = [];
    private Thread? _worker;
    private long _queued;      // callbacks accepted, guarded by _gate
    private long _completed;   // callbacks run (or failed), guarded by _gate
    private bool _stopping;

    public DeferredReclaimer(GracePeriodDomain domain) => _domain = domain;

    public long Completed { get { lock (_gate) return _completed; } }

    /// <summary>The worker's thread, once started (tests).</summary>
    internal Thread? Worker { get { lock (_gate) return _worker; } }

    public void Enqueue(Action callback)
    {
        lock (_gate)
        {
            if (_stopping)
                throw new ObjectDisposedException(_domain.Name, "Defer after Dispose: the callback would never run.");
            _pending.Add(callback);
            _queued++;
            if (_worker is null)
                StartWorker();
            else if (_pending.Count == 1)
                Monitor.PulseAll(_gate); // the worker waits only on an empty queue; All, as Barrier() waits on the same monitor
        }
    }

    /// <summary>Starts the worker now if it has not started (idempotent): the next Enqueue then starts no thread.</summary>
    public void EnsureStarted()
    {
        lock (_gate)
        {
            if (_stopping)
                throw new ObjectDisposedException(_domain.Name, "the domain is shutting down: its worker will not start again.");
            if (_worker is null)
                StartWorker();
        }
    }

    /// <summary>Waits until every callback queued before this call has run.</summary>
    public void Barrier()
    {
        if (Thread.CurrentThread == _worker)
            throw new GracePeriodMisuseException(
                $"Barrier() called from a deferred callback of '{_domain.Name}': it would wait for itself.");
        lock (_gate)
        {
            long target = _queued;
            while (_completed < target)
                Monitor.Wait(_gate);
            ThrowFailures();
        }
    }

    /// <summary>Runs what is queued (after its grace period) and stops the worker.</summary>
    public void Stop()
    {
        Thread? worker;
        lock (_gate)
        {
            _stopping = true;
            worker = _worker;
            Monitor.PulseAll(_gate);
        }
        if (worker is not null && worker != Thread.CurrentThread)
            worker.Join();
        lock (_gate)
            ThrowFailures();
    }

    private void StartWorker()
    {
        _worker = new Thread(Run)
        {
            IsBackground = true,
            Name = $"rcu-defer:{_domain.Name}",
        };
        _worker.Start();
    }

    private void Run()
    {
        while (TakeBatch() is { } batch)
        {
            _domain.SynchronizeForReclaim();
            RunBatch(batch);
            lock (_gate)
            {
                _completed += batch.Count;
                batch.Clear();
                _spare = batch;
                // Every batch: a Barrier() waiter's target may be reached long before the
                // queue is ever empty, under steady Defer traffic.
                Monitor.PulseAll(_gate);
            }
        }
    }

    private List<Action>? TakeBatch()
    {
        lock (_gate)
        {
            while (_pending.Count == 0)
            {
                if (_stopping)
                    return null;
                Monitor.Wait(_gate);
            }
            var batch = _pending;
            _pending = _spare;
            _spare = [];
            return batch;
        }
    }

    private void RunBatch(List<Action> batch)
    {
        foreach (var callback in batch)
        {
            try
            {
                callback();
            }
            catch (Exception e)
            {
                lock (_gate)
                    _failures.Add(e); // kept for the next Barrier(); the rest of the batch still runs
            }
        }
    }

    private void ThrowFailures()
    {
        if (_failures.Count == 0)
            return;
        var failures = _failures.ToArray();
        _failures.Clear();
        throw new AggregateException($"{failures.Length} deferred callback(s) of '{_domain.Name}' threw.", failures);
    }
}
