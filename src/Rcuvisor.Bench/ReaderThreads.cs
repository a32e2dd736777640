namespace Rcuvisor.Bench;

/// <summary>
/// Reader threads for a grace period to wait for, until disposed: busy ones run one read
/// section after another (what BenchmarkDotNet's Synchronize benchmarks measure against),
/// idle ones register and then block outside any section (what <c>rcuvisor bench</c> measures
/// against: a VM whose vCPUs are halted). Each thread sets itself up, because QSBR registers
/// per thread; every reader is set up before the constructor returns, so the first timed
/// grace period already sees them all.
/// </summary>
internal sealed class ReaderThreads : IDisposable
{
    private readonly List<Thread> _threads = [];
    private readonly ManualResetEventSlim _stop = new();

    private ReaderThreads(int count, string name, Func<(Action? Section, Action Close)> open)
    {
        using var ready = new CountdownEvent(count);
        for (int i = 0; i < count; i++)
        {
            var thread = new Thread(() =>
            {
                var (section, close) = open();
                ready.Signal();
                if (section is null)
                    _stop.Wait();
                else
                    while (!_stop.IsSet)
                        section();
                close();
            })
            { IsBackground = true, Name = $"{name}-{i}" };
            thread.Start();
            _threads.Add(thread);
        }
        ready.Wait();
    }

    /// <param name="open">Runs on each reader thread; returns the read section to repeat, and what to run before the thread exits.</param>
    public static ReaderThreads Busy(int count, Func<(Action Section, Action Close)> open) =>
        new(count, "bench-reader", () => open());

    /// <param name="register">Runs on each reader thread; returns what to run on that thread before it exits.
    /// A QSBR reader goes offline before returning, as every QSBR thread must before it blocks.</param>
    public static ReaderThreads Idle(int count, Func<Action> register) =>
        new(count, "bench-idle-reader", () => (null, register()));

    public void Dispose()
    {
        _stop.Set();
        foreach (var thread in _threads)
            thread.Join();
        _stop.Dispose();
    }
}
