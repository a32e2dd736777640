using BenchmarkDotNet.Attributes;
using Rcuvisor.Bench;
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
    private ReaderThreads? _readers;

    [Params(0, 2)]
    public int Readers { get; set; }

    [GlobalSetup(Target = nameof(Rcu))]
    public void SetupRcu()
    {
        _rcu = new RcuDomain();
        _readers = ReaderThreads.Busy(Readers, () => (
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
        _readers = ReaderThreads.Busy(Readers, () => (
            () => _srcu.ReadUnlock(_srcu.ReadLock()),
            () => { }));
    }

    [GlobalSetup(Target = nameof(Qsbr))]
    public void SetupQsbr()
    {
        _qsbr = new QsbrDomain();
        _readers = ReaderThreads.Busy(Readers, () =>
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

    // The same loops `rcuvisor bench` times, one grace period per operation.
    [Benchmark]
    public long Rcu() => GracePeriodLoops.Synchronize(_rcu, 1);

    [Benchmark]
    public long Srcu() => GracePeriodLoops.Synchronize(_srcu, 1);

    [Benchmark]
    public long Qsbr() => GracePeriodLoops.Synchronize(_qsbr, 1);
}
