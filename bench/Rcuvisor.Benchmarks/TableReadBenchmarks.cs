using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
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

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("Get")]
    public int ArrayGet()
    {
        // The field is read per lookup, as a vCPU reads self.peers[i] (the JIT may hoist
        // it, as it may hoist the view's field below: same shape either way).
        int sum = 0;
        for (int i = 0; i < Ops; i++)
            sum += _array[i & _mask].Id;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Get")]
    public int OwnGet()
    {
        var own = _own;
        int sum = 0;
        for (int i = 0; i < Ops; i++)
            sum += own.Get(i & _mask)!.Id;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Get")]
    public int ForeignGet()
    {
        int sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            using var view = _table.ReadForeign();
            sum += view.Get(i & _mask)!.Id;
        }
        return sum;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops), BenchmarkCategory("GetById")]
    public int ArrayGetByIndex() => ArrayGet();

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("GetById")]
    public int DictionaryGetById()
    {
        var dictionary = _dictionary;
        int sum = 0;
        for (int i = 0; i < Ops; i++)
            sum += dictionary.TryGetValue(i & _mask, out var vcpu) ? vcpu.Id : 0;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("GetById")]
    public int OwnGetById()
    {
        var own = _own;
        int sum = 0;
        for (int i = 0; i < Ops; i++)
            sum += own.GetById(i & _mask)!.Id;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("GetById")]
    public int ForeignGetById()
    {
        int sum = 0;
        for (int i = 0; i < Ops; i++)
        {
            using var view = _table.ReadForeign();
            sum += view.GetById(i & _mask)!.Id;
        }
        return sum;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Enumerate")]
    public int ArrayEnumerate()
    {
        int sum = 0;
        foreach (var vcpu in _array)
            sum += vcpu.Id;
        return sum;
    }

    [Benchmark, BenchmarkCategory("Enumerate")]
    public int DictionaryEnumerate()
    {
        int sum = 0;
        foreach (var pair in _dictionary)
            sum += pair.Value.Id;
        return sum;
    }

    [Benchmark, BenchmarkCategory("Enumerate")]
    public int OwnEnumerate()
    {
        int sum = 0;
        foreach (var vcpu in _own)
            sum += vcpu.Id;
        return sum;
    }

    [Benchmark, BenchmarkCategory("Enumerate")]
    public int ForeignEnumerate()
    {
        int sum = 0;
        using var view = _table.ReadForeign();
        foreach (var vcpu in view)
            sum += vcpu.Id;
        return sum;
    }

    private sealed class BenchVcpu(int id) : ITableMember
    {
        public int Id { get; } = id;
    }

    private sealed class BenchParticipant : ITableParticipant
    {
        public int Id => 0;

        public void RequestUpdate()
        {
        }
    }
}
