namespace Rcuvisor.Bench;

/// <summary>
/// What the threads of one readers-and-updater run share: the published pointer, the start
/// and stop flags, and how many threads have counted their first operation (a run does not
/// stop before every thread has, so no rate is ever zero).
/// </summary>
internal sealed class ReadersUpdaterState
{
    /// <summary>The published object: readers load it, the updater exchanges it.</summary>
    public UpdaterObject Current = new(8);

    private volatile bool _go;
    private volatile bool _stop;
    private int _counting;
    private long _sink;

    public bool Go => _go;

    public bool Stop => _stop;

    public int Counting => Volatile.Read(ref _counting);

    public void Start() => _go = true;

    public void Finish() => _stop = true;

    /// <summary>Called once per thread, after its first read or update.</summary>
    public void CountedOne() => Interlocked.Increment(ref _counting);

    /// <summary>Where a reader leaves the sum of what it read, so its loads are not dead code.</summary>
    public void Sink(long seen) => Interlocked.Add(ref _sink, seen);

    /// <summary>Spins (yielding) until <see cref="Start"/>: the threads are created before the run's clock starts.</summary>
    public void WaitForGo() => SpinWait.SpinUntil(() => _go);
}
