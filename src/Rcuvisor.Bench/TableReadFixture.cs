using System.Collections.Concurrent;
using Rcuvisor.Rcu;
using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>
/// Everything the execution-path cells of one vCPU count read: a plain array and a
/// ConcurrentDictionary (the baselines) and one table per strategy, set up as
/// TableReadBenchmarks does. Create, time and dispose it on one thread: that thread is
/// the participant whose own views are resumed here and parked in <see cref="Dispose"/>.
/// </summary>
internal sealed class TableReadFixture : IDisposable
{
    public const string Section = "execution-path";
    public const string ArraySubject = "array";
    public const string DictionarySubject = "ConcurrentDictionary";
    public const string Own = "own";
    public const string Foreign = "foreign";
    public const string Get = "Get";
    public const string GetById = "GetById";
    public const string Enumerate = "Enumerate";

    private readonly BenchVcpu[] _array;
    private readonly ConcurrentDictionary<int, BenchVcpu> _dictionary;
    private readonly RcuDomain _rcu = new(new GracePeriodOptions { Name = "bench-rcu" });
    private readonly SrcuDomain _srcu = new(new GracePeriodOptions { Name = "bench-srcu" });
    private readonly List<(VcpuTable<BenchVcpu> Table, OwnView<BenchVcpu> Own)> _tables = [];
    private readonly int _members;

    public TableReadFixture(int members)
    {
        if (members < 1 || (members & (members - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(members), members, "Member counts are powers of two: lookups wrap with a mask.");
        _members = members;
        _array = [.. Enumerable.Range(0, members).Select(id => new BenchVcpu(id))];
        _dictionary = new ConcurrentDictionary<int, BenchVcpu>(_array.Select(v => KeyValuePair.Create(v.Id, v)));
        var limits = new VcpuTableLimits { MaxCount = members, MaxId = members };
        if (!WarmUpOrder.Order().SequenceEqual(Enum.GetValues<VcpuTableStrategy>().Order()))
            throw new InvalidOperationException("WarmUpOrder must name every strategy once: add the new one.");
        foreach (var strategy in WarmUpOrder)
        {
            var table = VcpuTables.Create<BenchVcpu>(strategy, limits, _rcu, _srcu);
            foreach (var vcpu in _array)
                table.Add(vcpu); // growable tables grow as a VM's would
            var own = table.Attach(new BenchParticipant());
            own.Resume(); // this thread is the participant
            _tables.Add((table, own));
        }
    }

    /// <summary>
    /// The caching strategies first: the own view's Get, shared by all four loops, is then
    /// profiled on the path they take (a hit in the view's own array), as in a VM process
    /// that uses one of them; the uncached strategies, warmed up later, take its other path.
    /// </summary>
    private static readonly VcpuTableStrategy[] WarmUpOrder =
        [VcpuTableStrategy.Fixed, VcpuTableStrategy.CachedMove, VcpuTableStrategy.RcuArray, VcpuTableStrategy.RadixTree];

    public static string Subject(VcpuTableStrategy strategy, string view) => $"{VcpuTableStrategyNames.NameOf(strategy)}/{view}";

    /// <summary>Cells per subject in <see cref="Cells"/>, for progress planning.</summary>
    public static int CellCount => 4 + 6 * Enum.GetValues<VcpuTableStrategy>().Length;

    public IReadOnlyList<TimedCell> Cells()
    {
        int mask = _members - 1;
        var cells = new List<TimedCell>
        {
            Cell(Get, ArraySubject, n => TableReadLoops.ArrayGet(_array, mask, n)),
            Cell(GetById, DictionarySubject, n => TableReadLoops.DictionaryGetById(_dictionary, mask, n)),
            Cell(Enumerate, ArraySubject, n => TableReadLoops.ArrayEnumerate(_array, n)),
            Cell(Enumerate, DictionarySubject, n => TableReadLoops.DictionaryEnumerate(_dictionary, n)),
        };
        foreach (var (table, own) in _tables)
            cells.AddRange(CellsOf(table, own));
        return cells;
    }

    /// <summary>One CallSite per strategy: each table's loops are compiled for it alone.</summary>
    private IEnumerable<TimedCell> CellsOf(VcpuTable<BenchVcpu> table, OwnView<BenchVcpu> own) => table.Strategy switch
    {
        VcpuTableStrategy.Fixed => StrategyReadCells<CallSite<byte>>.For(table, own, _members),
        VcpuTableStrategy.RcuArray => StrategyReadCells<CallSite<short>>.For(table, own, _members),
        VcpuTableStrategy.RadixTree => StrategyReadCells<CallSite<int>>.For(table, own, _members),
        VcpuTableStrategy.CachedMove => StrategyReadCells<CallSite<long>>.For(table, own, _members),
        _ => throw new InvalidOperationException($"No call site for {table.Strategy}: add one."),
    };

    public void Dispose()
    {
        foreach (var (table, own) in _tables)
        {
            own.Park();
            table.Dispose();
        }
        _rcu.Dispose();
        _srcu.Dispose();
    }

    private TimedCell Cell(string metric, string subject, Func<long, long> run) =>
        new(Section, metric, subject, _members, run);
}
