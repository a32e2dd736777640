namespace Rcuvisor.Rcu;

/// <summary>
/// What every flavour shares: a way to wait for a grace period, and deferred
/// reclamation on top of it. A grace period is any interval that contains, for every
/// read section running when it began, the end of that section.
/// </summary>
/// <remarks>
/// Flavours differ only in their read side and in how <see cref="Synchronize"/> sees
/// readers (liburcu's layout: one flavour per file over a shared core).
/// </remarks>
public abstract class GracePeriodDomain : IDisposable
{
    private readonly DeferredReclaimer _reclaimer;
    private int _closing;   // Dispose has begun: no new deferred work
    private int _disposed;  // the deferred queue has drained and the flavour is shut

    /// <summary>Sets up the options and the deferred-reclamation worker a flavour shares.</summary>
    protected GracePeriodDomain(GracePeriodOptions? options)
    {
        Options = options ?? GracePeriodOptions.Default;
        _reclaimer = new DeferredReclaimer(this);
    }

    /// <summary>The options this domain was created with (<see cref="GracePeriodOptions.Default"/> when none were given).</summary>
    public GracePeriodOptions Options { get; }

    /// <summary>The domain's name, from <see cref="Options"/>: in the deferred worker's thread name and in messages.</summary>
    public string Name => Options.Name;

    /// <summary>In checked mode retired <see cref="IPoisonable"/> objects are poisoned.</summary>
    public bool Checked => Options.Checked;

    /// <summary>Grace periods completed so far (concurrent callers may share one).</summary>
    public abstract long GracePeriodsCompleted { get; }

    /// <summary>Deferred callbacks that have run.</summary>
    public long DeferredCompleted => _reclaimer.Completed;

    /// <summary>True once <see cref="Dispose"/> has drained the deferred queue and shut the flavour.</summary>
    protected bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>
    /// Returns once every read section that had begun before the call has ended.
    /// Concurrent callers are batched: a grace period that starts after a caller
    /// arrives and completes serves it too.
    /// </summary>
    public abstract void Synchronize();

    /// <summary>Runs <paramref name="callback"/> on the domain's worker after a grace period.</summary>
    public void Defer(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ThrowIfDisposed();
        _reclaimer.Enqueue(callback);
    }

    /// <summary>
    /// Starts the worker that runs deferred callbacks, if it has not started; otherwise the
    /// first <see cref="Defer"/> starts it. <c>Thread.Start</c> waits for the new thread to
    /// run, which on a busy host is a scheduler turn: call this where that wait is cheap (a
    /// VM's start) so that a deferral on a latency-sensitive path (an unplug) never pays it.
    /// </summary>
    public void StartDeferredWorker()
    {
        ThrowIfDisposed();
        _reclaimer.EnsureStarted();
    }

    /// <summary>The deferred worker's thread, null until it starts (tests).</summary>
    internal Thread? DeferredWorker => _reclaimer.Worker;

    /// <summary>
    /// Disposes <paramref name="retired"/> after a grace period; in checked mode an
    /// <see cref="IPoisonable"/> is poisoned first so late readers are caught.
    /// </summary>
    public void Retire<T>(T retired) where T : class, IDisposable
    {
        ArgumentNullException.ThrowIfNull(retired);
        bool poison = Checked;
        Defer(() =>
        {
            if (poison && retired is IPoisonable poisonable)
                poisonable.Poison();
            retired.Dispose();
        });
    }

    /// <summary>
    /// Waits until every callback deferred before this call has run. Throws an
    /// <see cref="AggregateException"/> holding any callback failures since the last barrier.
    /// </summary>
    public void Barrier()
    {
        ThrowIfDisposed();
        _reclaimer.Barrier();
    }

    /// <summary>The deferred worker's grace period; a flavour may override it (tests do).</summary>
    internal virtual void SynchronizeForReclaim() => Synchronize();

    /// <summary>Runs every callback still deferred (each after its grace period), then shuts the domain: later reads, grace periods and deferrals throw <see cref="ObjectDisposedException"/>. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
            return;
        try
        {
            _reclaimer.Stop(); // runs what is still queued, after its grace period: Synchronize still works
        }
        finally
        {
            Volatile.Write(ref _disposed, 1);
            OnDisposed();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>Called once, after the deferred queue has drained.</summary>
    protected virtual void OnDisposed()
    {
    }

    /// <summary>Throws <see cref="ObjectDisposedException"/> once the domain is disposed; flavours call it before starting work.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(IsDisposed, this);
}
