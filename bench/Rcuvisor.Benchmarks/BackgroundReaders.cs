namespace Rcuvisor.Benchmarks;

/// <summary>
/// Threads that run one read section after another until disposed, so a grace period
/// has real readers to wait for. Each thread sets itself up (QSBR registers per thread).
/// </summary>
internal sealed class BackgroundReaders : IDisposable
{
    private readonly List<Thread> _threads = [];
    private volatile bool _stop;

    /// <param name="openReader">Runs on each reader thread; returns one read section to repeat, and a cleanup.</param>
    public BackgroundReaders(int count, Func<(Action Section, Action Close)> openReader)
    {
        using var ready = new CountdownEvent(count);
        for (int i = 0; i < count; i++)
        {
            var thread = new Thread(() =>
            {
                var (section, close) = openReader();
                ready.Signal();
                while (!_stop)
                    section();
                close();
            })
            { IsBackground = true, Name = $"bench-reader-{i}" };
            thread.Start();
            _threads.Add(thread);
        }
        ready.Wait(); // every reader is registered before the first measured grace period
    }

    public void Dispose()
    {
        _stop = true;
        foreach (var thread in _threads)
            thread.Join();
    }
}
