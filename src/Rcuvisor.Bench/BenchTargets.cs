using Rcuvisor.Tables;
using static Rcuvisor.Bench.TargetMeasures;

namespace Rcuvisor.Bench;

/// <summary>
/// Every target of issues 11 (read side) and 12 (slow path), one entry each: the row's name,
/// its target, and the figure of this run it is held against. Ratios are medians of two cells
/// of the same run, so a slow or busy machine moves both sides alike; slow-path figures are
/// p99s (nearest rank) in ms. report.md opens with these rows; results.json's <c>targets</c> is them.
/// </summary>
internal static class BenchTargets
{
    private const string Rcu = GracePeriodFixture.Rcu;
    private const string Qsbr = GracePeriodFixture.Qsbr;
    private const string Srcu = GracePeriodFixture.Srcu;
    private const string Memb = LiburcuBaseline.Memb;
    private const string LiburcuQsbr = LiburcuBaseline.Qsbr;
    private const string Own = TableReadFixture.Own;
    private const string Plug = SlowPathSection.Plug;
    private const string Unplug = SlowPathSection.Unplug;
    private const string NoLiburcu = "needs liburcu (apt-get install liburcu-dev) and cc";
    private static readonly VcpuTableStrategy[] Strategies = Enum.GetValues<VcpuTableStrategy>();
    private static readonly SlowPathScenario Busy = SlowPathScenario.Busy;
    private static readonly SlowPathScenario Halted = SlowPathScenario.Halted;

    public static IReadOnlyList<TargetDefinition> Definitions { get; } =
    [
        new(11, "RcuDomain read section ÷ liburcu memb", "≤ 1.5x liburcu memb read section", 1.5, "x",
            r => VersusLiburcu(r, GracePeriodFixture.ReadSection, Rcu, Memb)) { Unmeasured = NoLiburcu },
        // Through the thread reader (QsbrThread.Reader()), as a loop that announces often calls it; the
        // handle's own QuiescentState, which checks its owner per call, is reported beside it.
        new(11, "QsbrDomain QuiescentState (thread reader) ÷ liburcu qsbr quiescent_state", "≤ 1.5x liburcu qsbr quiescent_state", 1.5, "x",
            r => VersusLiburcu(r, GracePeriodFixture.QuiescentState, GracePeriodFixture.QsbrThreadReader, LiburcuQsbr)) { Unmeasured = NoLiburcu },
        new(11, "SrcuDomain read section", "≤ 4 ns", 4, "ns", r => Median(r, GracePeriodFixture.ReadSection, Srcu)),
        new(11, "SrcuDomain read section ÷ RcuDomain read section", "≤ 2x RcuDomain read section", 2, "x",
            r => VersusOurs(r, GracePeriodFixture.ReadSection, Srcu, Rcu)),
        OwnView(VcpuTableStrategy.Fixed, 1.10, "1.10"),
        OwnView(VcpuTableStrategy.CachedMove, 1.10, "1.10"),
        OwnEnumerate(VcpuTableStrategy.Fixed),
        OwnEnumerate(VcpuTableStrategy.CachedMove),
        OwnView(VcpuTableStrategy.RcuArray, 3, "3"),
        OwnView(VcpuTableStrategy.RadixTree, 3, "3"),
        new(11, "cached-move foreign Get (guard + Get) ÷ array Get", "≤ 4x array Get (geometric mean over sizes)", 4, "x",
            r => TableScore(r, VcpuTableStrategy.CachedMove, TableReadFixture.Foreign, TableReadFixture.Get)),
        ReadersUpdater(Rcu, Memb, "reads/s", ReadersUpdaterCells.Reads),
        ReadersUpdater(Rcu, Memb, "updates/s", ReadersUpdaterCells.Updates),
        ReadersUpdater(Qsbr, LiburcuQsbr, "reads/s", ReadersUpdaterCells.Reads),
        ReadersUpdater(Qsbr, LiburcuQsbr, "updates/s", ReadersUpdaterCells.Updates),
        new(11, "RcuDomain Synchronize with busy readers ÷ liburcu memb", "≤ 1.5x liburcu memb, same busy readers", 1.5, "x",
            r => VersusLiburcu(r, GracePeriodFixture.SynchronizeBusy(new GracePeriodFigures(r).BusyReaders), Rcu, Memb)) { Unmeasured = NoLiburcu },
        .. Strategies.Select(s => new TargetDefinition(12, $"CreateVcpu p99, 8 busy vCPUs, {VcpuTableStrategyNames.NameOf(s)}", "≤ 2 ms", 2, "ms",
            r => P99(r, Busy, Plug, s))),
        new(12, "cached-move table Add that grew p99, 8 busy vCPUs", "≤ 2 ms", 2, "ms",
            r => P99(r, Busy, SlowPathSection.Growth, VcpuTableStrategy.CachedMove)),
        new(12, "DestroyVcpu p99, 8 busy vCPUs, worst strategy", "≤ 5 ms", 5, "ms", r => WorstP99(r, Busy, [Unplug], Strategies)),
        new(12, "CreateVcpu and DestroyVcpu p99, 64 halted vCPUs, worst of all", "≤ 1 ms", 1, "ms",
            r => WorstP99(r, Halted, [Plug, Unplug], Strategies)),
        new(12, "CreateVcpu p99, rcuvisor run defaults (median run)", "≤ 2 ms", 2, "ms", RunDefaultsPlug),
    ];

    /// <summary>Every row against <paramref name="results"/>' cells, in the order above.</summary>
    public static IReadOnlyList<BenchTarget> Evaluate(BenchResults results) => [.. Definitions.Select(d => d.Evaluate(results))];

    /// <summary>Own view against the plain array: the geometric mean over Get, GetById and Enumerate at every size.</summary>
    private static TargetDefinition OwnView(VcpuTableStrategy strategy, double limit, string limitText) =>
        new(11, $"{VcpuTableStrategyNames.NameOf(strategy)} own view ÷ array", $"≤ {limitText}x array (geometric mean of Get, GetById, Enumerate over sizes)",
            limit, "x", r => TableScore(r, strategy, Own));

    /// <summary>Own-view walks alone against the array's walk, geometric mean over sizes.</summary>
    private static TargetDefinition OwnEnumerate(VcpuTableStrategy strategy) =>
        new(11, $"{VcpuTableStrategyNames.NameOf(strategy)} own view Enumerate alone ÷ array walk", "≤ 1.5x array walk (geometric mean over sizes)",
            1.5, "x", r => TableScore(r, strategy, Own, TableReadFixture.Enumerate));

    /// <summary>Ours over liburcu's in liburcu's test_urcu shape: a throughput, so met at 1.0x or more.</summary>
    private static TargetDefinition ReadersUpdater(string ours, string flavour, string rate, Func<int, string> metric) =>
        new(11, $"{ours} readers + updater, {rate} ÷ {Spoken(flavour)}", $"≥ 1.0x {Spoken(flavour)}, same readers", 1.0, "x",
            r => VersusLiburcu(r, metric(ReaderCount(r)), ours, flavour)) { AtLeast = true, Unmeasured = NoLiburcu };

    /// <summary>"liburcu-memb" as the other rows say it: "liburcu memb".</summary>
    private static string Spoken(string flavour) => flavour.Replace('-', ' ');

    private static int ReaderCount(BenchResults results) =>
        new GracePeriodFigures(results).ReadersUpdaterRows().Select(row => row.Readers).FirstOrDefault();

    /// <summary>The median run's p99, each run's p99 as <c>rcuvisor run --json</c> reports it in stats.plugLatency.</summary>
    private static TargetReading? RunDefaultsPlug(BenchResults results) =>
        results.InSection(SlowPathSection.Section).FirstOrDefault(c => c.Metric == RunDefaultsPlugCell.Metric) is { } cell
            ? new TargetReading(cell.Median, $"{cell.Repeats.Count} runs, largest p99 {cell.Max:0.###} ms")
            : null;
}
