namespace Rcuvisor.Workloads;

/// <summary>
/// The random, seeded sequence of soak operations. Each step depends only on the seed and
/// the steps before it (which ids are live, whether the VM is paused), never on thread
/// timing, so the same seed gives the same schedule; only the interleaving of the vCPU and
/// storm threads with it differs from run to run.
/// </summary>
public sealed class SoakSchedule
{
    private const int MaxStormThreads = 3;
    private const int MaxStormSignals = 2_000;
    private const int MaxRunAfterMs = 5;

    private readonly Random _random;
    private readonly int _maxVcpus;
    private readonly SortedSet<int> _live = [];
    private long _steps;

    /// <param name="seed">The schedule's seed (System.Random).</param>
    /// <param name="maxVcpus">vCPU ids are 0..maxVcpus-1; at most that many live at once.</param>
    /// <param name="initialVcpus">Ids 0..initialVcpus-1 are live before the first step.</param>
    public SoakSchedule(int seed, int maxVcpus, int initialVcpus)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVcpus, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialVcpus, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initialVcpus, maxVcpus);
        _random = new Random(seed);
        _maxVcpus = maxVcpus;
        for (int id = 0; id < initialVcpus; id++)
            _live.Add(id);
    }

    /// <summary>True while the schedule holds the VM paused.</summary>
    public bool Paused { get; private set; }

    /// <summary>The ids live after the steps handed out so far.</summary>
    public IReadOnlyCollection<int> Live => _live;

    /// <summary>The next step, chosen among those that are valid now, and the schedule's state moved past it.</summary>
    public SoakStep Next()
    {
        long number = ++_steps;
        var kind = PickKind();
        int id = -1, threads = 0, signals = 0;
        switch (kind)
        {
            case SoakOperationKind.Plug:
                id = PickFree();
                _live.Add(id);
                break;
            case SoakOperationKind.Unplug:
                id = _live.ElementAt(_random.Next(_live.Count));
                _live.Remove(id);
                break;
            case SoakOperationKind.Pause:
                Paused = true;
                break;
            case SoakOperationKind.Resume:
                Paused = false;
                break;
            case SoakOperationKind.IrqStorm:
                threads = _random.Next(1, MaxStormThreads + 1);
                signals = _random.Next(1, MaxStormSignals + 1);
                break;
        }
        var runAfter = TimeSpan.FromMilliseconds(_random.Next(MaxRunAfterMs + 1));
        return new SoakStep(number, kind, id, threads, signals, runAfter);
    }

    /// <summary>
    /// Weighted: plug and unplug most (the hotplug paths are what a soak is for), storms
    /// often, a pause (and its audit) about every sixth step; a paused VM resumes within a few steps, so the vCPUs
    /// mostly run. At least one vCPU stays, so the doorbells keep ringing.
    /// </summary>
    private SoakOperationKind PickKind()
    {
        while (true)
        {
            int roll = _random.Next(100);
            var kind = Paused
                ? roll switch { < 45 => SoakOperationKind.Resume, < 70 => SoakOperationKind.Plug, < 90 => SoakOperationKind.Unplug, _ => SoakOperationKind.IrqStorm }
                : roll switch { < 30 => SoakOperationKind.Plug, < 60 => SoakOperationKind.Unplug, < 82 => SoakOperationKind.IrqStorm, _ => SoakOperationKind.Pause };
            if (kind == SoakOperationKind.Plug && _live.Count >= _maxVcpus)
                continue;
            if (kind == SoakOperationKind.Unplug && _live.Count <= 1)
                continue;
            return kind;
        }
    }

    private int PickFree()
    {
        int skip = _random.Next(_maxVcpus - _live.Count);
        for (int id = 0; ; id++)
        {
            if (_live.Contains(id))
                continue;
            if (skip-- == 0)
                return id;
        }
    }
}
