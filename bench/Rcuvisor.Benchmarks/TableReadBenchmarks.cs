using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Rcuvisor.Bench;
using Rcuvisor.Rcu;
using Rcuvisor.Tables;

namespace Rcuvisor.Benchmarks;

/// <summary>
/// vCPU table reads per strategy, own view and foreign view, against a plain array
/// (the baseline of each category) and a ConcurrentDictionary, in the same run.
/// Get and GetById report nanoseconds per lookup (1024 per invocation); Enumerate one
/// full walk. A foreign Get includes taking and dropping the guard, as a caller would.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class TableReadBenchmarks
{
    private const int Ops = 1024;

    private BenchVcpu[] _array = [];
    private ConcurrentDictionary<int, BenchVcpu> _dictionary = new();
    private RcuDomain _rcu = null!;
    private SrcuDomain _srcu = null!;
    private VcpuTable<BenchVcpu> _table = null!;
    private OwnView<BenchVcpu> _own = null!;
    private int _mask;

    [Params(1, 64, 1024, 65536)]
    public int Members { get; set; }

    [Params(VcpuTableStrategy.Fixed, VcpuTableStrategy.RcuArray, VcpuTableStrategy.RadixTree, VcpuTableStrategy.CachedMove)]
    public VcpuTableStrategy Strategy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _array = Enumerable.Range(0, Members).Select(id => new BenchVcpu(id)).ToArray();
        _dictionary = new ConcurrentDictionary<int, BenchVcpu>(_array.Select(v => KeyValuePair.Create(v.Id, v)));
        _rcu = new RcuDomain();
        _srcu = new SrcuDomain();
        _table = VcpuTables.Create<BenchVcpu>(Strategy, new VcpuTableLimits { MaxCount = Members, MaxId = Members }, _rcu, _srcu);
        foreach (var vcpu in _array)
            _table.Add(vcpu); // growable tables grow as a VM's would
        _own = _table.Attach(new BenchParticipant());
        _own.Resume(); // this thread is the participant
        _mask = Members - 1;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _own.Park();
        _table.Dispose();
        _rcu.Dispose();
        _srcu.Dispose();
    }

    // The loops are Rcuvisor.Bench's TableReadLoops, the ones `rcuvisor bench` times. One
    // CallSite for all strategies: out of process, BenchmarkDotNet runs each case in a process
    // of its own, so each strategy's calls stay monomorphic. With --inProcess the strategies
    // share one compiled copy of each loop (as this class's own loops did before); `rcuvisor
    // bench` gives each strategy its own CallSite instead.

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Get")]
    public long ArrayGet() => TableReadLoops.ArrayGet(_array, _mask, Ops);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Get")]
    public long OwnGet() => TableReadLoops.OwnGet<CallSite<byte>>(_own, _mask, Ops);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Get")]
    public long ForeignGet() => TableReadLoops.ForeignGet<CallSite<byte>>(_table, _mask, Ops);

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("GetById")]
    public long ArrayGetByIndex() => ArrayGet();

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("GetById")]
    public long DictionaryGetById() => TableReadLoops.DictionaryGetById(_dictionary, _mask, Ops);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("GetById")]
    public long OwnGetById() => TableReadLoops.OwnGetById<CallSite<byte>>(_own, _mask, Ops);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("GetById")]
    public long ForeignGetById() => TableReadLoops.ForeignGetById<CallSite<byte>>(_table, _mask, Ops);

    [Benchmark(Baseline = true), BenchmarkCategory("Enumerate")]
    public long ArrayEnumerate() => TableReadLoops.ArrayEnumerate(_array, 1);

    [Benchmark, BenchmarkCategory("Enumerate")]
    public long DictionaryEnumerate() => TableReadLoops.DictionaryEnumerate(_dictionary, 1);

    [Benchmark, BenchmarkCategory("Enumerate")]
    public long OwnEnumerate() => TableReadLoops.OwnEnumerate<CallSite<byte>>(_own, 1);

    [Benchmark, BenchmarkCategory("Enumerate")]
    public long ForeignEnumerate() => TableReadLoops.ForeignEnumerate<CallSite<byte>>(_table, 1);
}
