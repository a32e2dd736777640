using BenchmarkDotNet.Attributes;
using Rcuvisor.Rcu;

namespace Rcuvisor.Benchmarks;

/// <summary>
/// Latency of one grace period (<c>Synchronize()</c>) per flavour, with no reader and
/// with reader threads running read sections back to back.
/// </summary>
[MedianColumn]
public class SynchronizeBenchmarks
{
    private RcuDomain _rcu = null!;
    private SrcuDomain _srcu = null!;
    private QsbrDomain _qsbr = null!;
    private BackgroundReaders? _readers;

    [Params(0, 2)]
    public int Readers { get; set; }

    [GlobalSetup(Target = nameof(Rcu))]
    public void SetupRcu()
    {
        _rcu = new RcuDomain();
        _readers = new BackgroundReaders(Readers, () => (
            () =>
            {
                using var _ = _rcu.Read();
            },
            () => { }));
    }

    [GlobalSetup(Target = nameof(Srcu))]
    public void SetupSrcu()
    {
        _srcu = new SrcuDomain();
        _readers = new BackgroundReaders(Readers, () => (
            () => _srcu.ReadUnlock(_srcu.ReadLock()),
            () => { }));
    }

    [GlobalSetup(Target = nameof(Qsbr))]
    public void SetupQsbr()
    {
        _qsbr = new QsbrDomain();
        _readers = new BackgroundReaders(Readers, () =>
        {
            var thread = _qsbr.Register();
            return (thread.QuiescentState, thread.Dispose);
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _readers?.Dispose(); // readers stop before their domain goes
        _rcu?.Dispose();
        _srcu?.Dispose();
        _qsbr?.Dispose();
    }

    [Benchmark]
    public void Rcu() => _rcu.Synchronize();

    [Benchmark]
    public void Srcu() => _srcu.Synchronize();

    [Benchmark]
    public void Qsbr() => _qsbr.Synchronize();
}
