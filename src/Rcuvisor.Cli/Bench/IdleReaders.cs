namespace Rcuvisor.Cli.Bench;

/// <summary>
/// Reader threads that register with a domain and then block, outside any read section,
/// until disposed: what a grace period finds in a VM whose vCPUs are halted. (A QSBR
/// thread goes offline first, as every QSBR thread must before it blocks.)
/// </summary>
internal sealed class IdleReaders : IDisposable
{
    private readonly List<Thread> _threads = [];
    private readonly ManualResetEventSlim _stop = new();

    /// <param name="register">Runs on each reader thread; returns what to run on that thread before it exits.</param>
    public IdleReaders(int count, Func<Action> register)
    {
        using var ready = new CountdownEvent(count);
        for (int i = 0; i < count; i++)
        {
            var thread = new Thread(() =>
            {
                var unregister = register();
                ready.Signal();
                _stop.Wait();
                unregister();
            })
            { IsBackground = true, Name = $"bench-idle-reader-{i}" };
            thread.Start();
            _threads.Add(thread);
        }
        ready.Wait(); // every reader is registered before the first timed grace period
    }

    public void Dispose()
    {
        _stop.Set();
        foreach (var thread in _threads)
            thread.Join();
        _stop.Dispose();
    }
}
