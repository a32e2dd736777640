namespace Rcuvisor.Bench;

/// <summary>
/// What one bench run measures and how long it spends per cell. Three sizes: the full
/// matrix, <c>--quick</c>, and a tiny one for the command's own tests.
/// </summary>
internal sealed record BenchMatrix
{
    /// <summary>The name the report and results.json give the matrix.</summary>
    public required string Name { get; init; }

    /// <summary>vCPU counts the execution-path cells are measured at.</summary>
    public required IReadOnlyList<int> TableMembers { get; init; }

    /// <summary>Timed runs per cell (≥ 5), alternating with the other cells of its group.</summary>
    public required int Repeats { get; init; }

    /// <summary>How long one timed run lasts: the operation count is calibrated to it.</summary>
    public required TimeSpan RunTime { get; init; }

    /// <summary>Table maxima (powers of two) for the 1-vCPU memory chart.</summary>
    public required IReadOnlyList<int> FootprintMaxima { get; init; }

    /// <summary>Registered reader threads that stay idle while Synchronize is timed.</summary>
    public int IdleReaders { get; init; } = 2;

    /// <summary>Reader threads running read sections back to back while Synchronize is timed (issue 11's "2 busy readers").</summary>
    public int BusyReaders { get; init; } = 2;

    /// <summary>
    /// Reader threads of the readers-and-updater runs (liburcu's test_urcu shape). Two, this
    /// machine's core count: with the updater that is already one thread more than cores, and
    /// every further reader would measure the scheduler's time slices rather than the domain.
    /// </summary>
    public int UpdaterReaders { get; init; } = 2;

    /// <summary>Callbacks queued before each Barrier in the Defer cells (as in DeferBenchmarks).</summary>
    public int DeferBatch { get; init; } = 10_000;

    /// <summary>How many small VMs (1 vCPU, maximum <see cref="SmallVmMaximum"/>) the fleet figure is for.</summary>
    public int SmallVms { get; init; } = 10_000;

    public int SmallVmMaximum { get; init; } = 1024;

    /// <summary>vCPU counts of the end-to-end doorbell runs.</summary>
    public IReadOnlyList<int> DoorbellVcpus { get; init; } = [2, 8, 64];

    /// <summary>How long one end-to-end run counts deliveries (after its warm-up).</summary>
    public TimeSpan DoorbellRunTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>End-to-end runs per strategy and size (≥ 5), alternating strategies run by run.</summary>
    public int DoorbellRepeats { get; init; } = 7;

    /// <summary>Slow-path samples per strategy and scenario: one fresh VM each.</summary>
    public int SlowPathSamples { get; init; } = 60;

    /// <summary>
    /// The vCPU count the slow path's scale run grows to from 2, under doorbells, once per
    /// strategy (issue 12: 1024, the KVM host limit here). Lowered to the host's limit.
    /// </summary>
    public int ScaleTo { get; init; } = 1024;

    /// <summary>Kicks timed in the kick round-trip section (../shared/kvm timed 2,000 in C).</summary>
    public int Kicks { get; init; } = 2000;

    public static BenchMatrix Full { get; } = new()
    {
        Name = "full",
        TableMembers = [1, 64, 1024, 65536],
        Repeats = 15,
        RunTime = TimeSpan.FromMilliseconds(40),
        FootprintMaxima = PowersOfTwo(10, 20),
    };

    public static BenchMatrix Quick { get; } = new()
    {
        Name = "quick",
        TableMembers = [1, 64, 1024],
        Repeats = 7,
        RunTime = TimeSpan.FromMilliseconds(20),
        FootprintMaxima = PowersOfTwo(10, 20),
        DoorbellVcpus = [2, 8],
        DoorbellRunTime = TimeSpan.FromMilliseconds(500),
        DoorbellRepeats = 5,
        SlowPathSamples = 15,
        ScaleTo = 256,
        Kicks = 500,
    };

    /// <summary>For tests of the command: every section runs, in a few seconds, with figures too short to quote.</summary>
    public static BenchMatrix Tiny { get; } = new()
    {
        Name = "tiny",
        TableMembers = [1, 64],
        Repeats = 5,
        RunTime = TimeSpan.FromMilliseconds(1),
        FootprintMaxima = PowersOfTwo(10, 12),
        DeferBatch = 100,
        SmallVms = 10,
        DoorbellVcpus = [2],
        DoorbellRunTime = TimeSpan.FromMilliseconds(50),
        DoorbellRepeats = 5,
        SlowPathSamples = 2,
        ScaleTo = 16,
        Kicks = 20,
    };

    private static int[] PowersOfTwo(int fromExponent, int toExponent) =>
        [.. Enumerable.Range(fromExponent, toExponent - fromExponent + 1).Select(e => 1 << e)];
}
