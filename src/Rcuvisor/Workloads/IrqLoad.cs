using Rcuvisor.Execution;

namespace Rcuvisor.Workloads;

/// <summary>
/// Foreign threads signalling interrupt lines round-robin until stopped: the load device
/// models put on the foreign read path while vCPUs run, plug and unplug.
/// </summary>
public sealed class IrqLoad : IDisposable
{
    private const int SignalsPerYield = 64; // leave the vCPUs their share of a small machine

    private readonly IReadOnlyList<IrqLine> _lines;
    private readonly Thread[] _threads;
    private readonly List<Exception> _failures = [];
    private volatile bool _stop;

    /// <summary>Starts <paramref name="threads"/> signalling threads over <paramref name="lines"/> (none if there are no lines).</summary>
    public IrqLoad(IReadOnlyList<IrqLine> lines, int threads)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _lines = lines;
        _threads = lines.Count == 0 ? [] : new Thread[threads];
        for (int i = 0; i < _threads.Length; i++)
        {
            int offset = i;
            _threads[i] = new Thread(() => Signal(offset)) { IsBackground = true, Name = $"irq-load-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Exceptions the signalling threads ended with (a signal after the VM was disposed, say).</summary>
    public IReadOnlyList<Exception> Failures
    {
        get
        {
            lock (_failures)
                return [.. _failures];
        }
    }

    /// <summary>Stops the threads and waits for them; false if one did not stop within <paramref name="timeout"/>.</summary>
    public bool Stop(TimeSpan timeout)
    {
        _stop = true;
        bool all = true;
        foreach (var thread in _threads)
            all &= thread.Join(timeout);
        return all;
    }

    /// <summary>Stops the signalling threads, waiting up to 10 s for each.</summary>
    public void Dispose() => Stop(TimeSpan.FromSeconds(10));

    private void Signal(int offset)
    {
        try
        {
            for (int i = offset; !_stop; i++)
            {
                _lines[i % _lines.Count].Signal();
                if (i % SignalsPerYield == 0)
                    Thread.Yield();
            }
        }
        catch (Exception ex)
        {
            lock (_failures)
                _failures.Add(ex);
        }
    }
}
