using Rcuvisor.Execution;

namespace Rcuvisor.Workloads;

/// <summary>
/// One interrupt storm: a few foreign threads, each signalling a burst of randomly chosen
/// interrupt lines as fast as it can, then ending. It runs on while the soak's next steps
/// plug and unplug the lines' targets; the soak joins it before it audits.
/// </summary>
internal sealed class SoakStorm
{
    private readonly Thread[] _threads;
    private readonly List<Exception> _failures = [];
    private long _signals;

    public SoakStorm(SoakStep step, IReadOnlyList<IrqLine> lines, int seed)
    {
        Step = step;
        _threads = new Thread[lines.Count == 0 ? 0 : step.StormThreads];
        for (int i = 0; i < _threads.Length; i++)
        {
            // Each thread's choice of lines is seeded too, so a rerun with the seed sends the same signals.
            var random = new Random(HashCode.Combine(seed, step.Number, i));
            _threads[i] = new Thread(() => Signal(lines, step.StormSignals, random)) { IsBackground = true, Name = $"soak-storm-{step.Number}-{i}" };
        }
    }

    public SoakStep Step { get; }

    public long Signals => Interlocked.Read(ref _signals);

    public void Start()
    {
        foreach (var thread in _threads)
            thread.Start();
    }

    /// <summary>Waits for every thread; the first exception one ended with, if any.</summary>
    public Exception? Join()
    {
        foreach (var thread in _threads)
            thread.Join();
        lock (_failures)
            return _failures.FirstOrDefault();
    }

    private void Signal(IReadOnlyList<IrqLine> lines, int count, Random random)
    {
        try
        {
            for (int i = 0; i < count; i++)
            {
                lines[random.Next(lines.Count)].Signal();
                Interlocked.Increment(ref _signals);
            }
        }
        catch (Exception ex)
        {
            lock (_failures)
                _failures.Add(ex);
        }
    }
}
