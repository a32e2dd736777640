using BenchmarkDotNet.Attributes;
using Rcuvisor.Rcu;

namespace Rcuvisor.Benchmarks;

/// <summary>
/// Deferred-reclamation throughput: queue <see cref="N"/> no-op callbacks, then wait
/// (<c>Barrier()</c>) until all have run after their grace period. Per operation: one
/// callback queued and reclaimed.
/// </summary>
public class DeferBenchmarks
{
    private const int N = 10_000;

    private static readonly Action Noop = () => { };

    private RcuDomain _rcu = null!;
    private SrcuDomain _srcu = null!;
    private QsbrDomain _qsbr = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rcu = new RcuDomain();
        _srcu = new SrcuDomain();
        _qsbr = new QsbrDomain();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rcu.Dispose();
        _srcu.Dispose();
        _qsbr.Dispose();
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void Rcu() => DeferAndWait(_rcu);

    [Benchmark(OperationsPerInvoke = N)]
    public void Srcu() => DeferAndWait(_srcu);

    [Benchmark(OperationsPerInvoke = N)]
    public void Qsbr() => DeferAndWait(_qsbr);

    private static void DeferAndWait(GracePeriodDomain domain)
    {
        for (int i = 0; i < N; i++)
            domain.Defer(Noop);
        domain.Barrier();
    }
}
