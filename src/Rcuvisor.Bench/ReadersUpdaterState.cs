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

    /// <summary>Set once, when the run's clock starts: every thread loops from then on.</summary>
    public bool Go => _go;

    /// <summary>Set once, when the run time is up: every loop ends at its next check.</summary>
    public bool Stop => _stop;

    /// <summary>Threads that have counted their first read or update.</summary>
    public int Counting => Volatile.Read(ref _counting);

    /// <summary>Releases every thread at once; the caller starts the run's clock just before.</summary>
    public void Start() => _go = true;

    /// <summary>Ends the run; the caller reads the clock just after.</summary>
    public void Finish() => _stop = true;

    /// <summary>Called once per thread, after its first read or update.</summary>
    public void CountedOne() => Interlocked.Increment(ref _counting);

    /// <summary>Where a reader leaves the sum of what it read, so its loads are not dead code.</summary>
    public void Sink(long seen) => Interlocked.Add(ref _sink, seen);

    /// <summary>
    /// Spins, yielding but never sleeping, until <see cref="Start"/> (as test_urcu's threads spin on
    /// their go flag): a Thread.Sleep(1) here could start a thread a millisecond into the run.
    /// </summary>
    public void WaitForGo()
    {
        var spinner = new SpinWait();
        while (!_go)
            spinner.SpinOnce(sleep1Threshold: -1);
    }
}
