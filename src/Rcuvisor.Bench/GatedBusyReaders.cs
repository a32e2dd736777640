namespace Rcuvisor.Bench;

/// <summary>
/// Busy reader threads that run only while their cell is timed: between <see cref="Open"/>
/// and <see cref="Close"/> each one runs read sections back to back; otherwise it is parked
/// (blocked, QSBR threads offline), so the other cells of the alternating group are timed
/// without reader threads competing for the two cores. The runner opens the gate before
/// its timestamp and closes it after, so waking the readers is never timed.
/// </summary>
internal sealed class GatedBusyReaders : IDisposable
{
    private readonly List<Thread> _threads = [];
    private readonly ManualResetEventSlim _gate = new();
    private readonly int _count;
    private volatile bool _open;
    private volatile bool _stop;
    private int _running; // readers past the gate and not parked again; Open and Close wait on it

    /// <param name="open">Runs on each reader thread: the section to repeat, what parks and unparks the
    /// thread (a QSBR reader goes offline and back online), and what to run before the thread exits.</param>
    public GatedBusyReaders(int count, string name, Func<BusyReader> open)
    {
        _count = count;
        using var ready = new CountdownEvent(count);
        for (int i = 0; i < count; i++)
        {
            var thread = new Thread(() => Loop(open(), ready)) { IsBackground = true, Name = $"{name}-{i}" };
            thread.Start();
            _threads.Add(thread);
        }
        ready.Wait(); // every reader registered and parked: the first Open finds them all
    }

    /// <summary>Lets the readers run, and returns once every one of them is in its loop.</summary>
    public void Open()
    {
        _open = true;
        _gate.Set();
        SpinWait.SpinUntil(() => Volatile.Read(ref _running) == _count);
    }

    /// <summary>Stops the readers, and returns once every one of them is parked.</summary>
    public void Close()
    {
        _open = false;
        _gate.Reset();
        SpinWait.SpinUntil(() => Volatile.Read(ref _running) == 0);
    }

    public void Dispose()
    {
        _stop = true;
        _open = false; // were a timed run cut short with the gate open, the readers must still leave their loop
        _gate.Set();
        foreach (var thread in _threads)
            thread.Join();
        _gate.Dispose();
    }

    private void Loop(BusyReader reader, CountdownEvent ready)
    {
        reader.Park();
        ready.Signal();
        while (true)
        {
            _gate.Wait();
            if (_stop)
                break;
            // Counted before the check, so Close never returns while a reader is between the two.
            Interlocked.Increment(ref _running);
            if (_open)
            {
                reader.Unpark();
                while (_open)
                    reader.Section();
                reader.Park();
            }
            // Until Close resets the gate this may come round once more and find it closed: harmless.
            Interlocked.Decrement(ref _running);
        }
        reader.Exit();
    }
}
