using Rcuvisor.Execution;

namespace Rcuvisor.Core.Tests;

/// <summary>
/// Foreign threads signalling interrupt lines round-robin until stopped: the load a
/// device model puts on the foreign read path. Stop joins them and rethrows what they threw.
/// </summary>
internal sealed class IrqStorm : IDisposable
{
    private readonly IReadOnlyList<IrqLine> _lines;
    private readonly Thread[] _threads;
    private readonly List<Exception> _failures = [];
    private volatile bool _stop;

    public IrqStorm(IReadOnlyList<IrqLine> lines, int threads = 2)
    {
        _lines = lines;
        _threads = Enumerable.Range(0, threads)
            .Select(i => new Thread(() => Signal(i)) { IsBackground = true, Name = $"irq-storm-{i}" })
            .ToArray();
        foreach (var thread in _threads)
            thread.Start();
    }

    public void Stop()
    {
        _stop = true;
        foreach (var thread in _threads)
            Assert.True(thread.Join(Eventually.Bound), $"{thread.Name} did not stop");
        lock (_failures)
            Assert.Empty(_failures);
    }

    public void Dispose()
    {
        _stop = true;
        foreach (var thread in _threads)
            thread.Join(Eventually.Bound);
    }

    private void Signal(int offset)
    {
        try
        {
            for (int i = offset; !_stop; i++)
            {
                _lines[i % _lines.Count].Signal();
                if (i % 64 == 0)
                    Thread.Yield(); // leave the vCPUs some of the two cores
            }
        }
        catch (Exception ex)
        {
            lock (_failures)
                _failures.Add(ex);
        }
    }
}
