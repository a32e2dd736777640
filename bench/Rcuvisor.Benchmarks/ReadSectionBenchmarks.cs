using BenchmarkDotNet.Attributes;
using Rcuvisor.Bench;
using Rcuvisor.Rcu;

namespace Rcuvisor.Benchmarks;

/// <summary>
/// One read-side critical section (enter + exit, empty body) per operation, for each
/// flavour against the usual alternatives, all in one run so the ratios are fair.
/// Each benchmark loops <see cref="N"/> times: a single section is too short to time. The
/// flavours' loops are <see cref="GracePeriodLoops"/>, the ones <c>rcuvisor bench</c> times.
/// </summary>
[MemoryDiagnoser]
public class ReadSectionBenchmarks
{
    private const int N = 1024;

    private readonly object _gate = new();
    private readonly ReaderWriterLockSlim _rwLock = new();
    private RcuDomain _rcu = null!;
    private SrcuDomain _srcu = null!;
    private QsbrDomain _qsbr = null!;
    private QsbrThread _qsbrThread = null!;
    private long _counter;

    [GlobalSetup]
    public void Setup()
    {
        _rcu = new RcuDomain();
        _srcu = new SrcuDomain();
        _qsbr = new QsbrDomain();
        // BenchmarkDotNet runs setup and benchmarks on the same thread: register it once here.
        _qsbrThread = _qsbr.Register();
        using (_rcu.Read())
        {
            // registers this thread's RCU slot, so the loop measures the steady state
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _qsbrThread.Dispose();
        _qsbr.Dispose();
        _srcu.Dispose();
        _rcu.Dispose();
        _rwLock.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public long EmptyLoop() => GracePeriodLoops.EmptyLoop(N);

    [Benchmark(OperationsPerInvoke = N)]
    public long RcuReadSection() => GracePeriodLoops.RcuReadSection(_rcu, N);

    /// <summary>The same section through <c>rcu.ThreadReader()</c>, taken before the loop.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public long RcuThreadReaderSection() => GracePeriodLoops.RcuThreadReaderSection(_rcu, N);

    /// <summary>The one-thread section, <c>using (srcu.Read())</c>.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public long SrcuReadSection() => GracePeriodLoops.SrcuReadSection(_srcu, N);

    /// <summary>The token section, <c>ReadUnlock(ReadLock())</c>, which may end on another thread.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public long SrcuTokenReadSection() => GracePeriodLoops.SrcuTokenReadSection(_srcu, N);

    /// <summary>A QSBR read section is no code at all: this is the empty loop again, by design.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public long QsbrReadSection() => GracePeriodLoops.QsbrReadSection(N);

    /// <summary>What QSBR readers pay instead, once per quiescent point (not per section).</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public long QsbrQuiescentState() => GracePeriodLoops.QsbrQuiescentState(_qsbrThread, N);

    /// <summary>The same through <c>thread.Reader()</c>, taken before the loop.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public long QsbrThreadReaderQuiescentState() => GracePeriodLoops.QsbrThreadReaderQuiescentState(_qsbrThread, N);

    [Benchmark(OperationsPerInvoke = N)]
    public void Lock()
    {
        for (int i = 0; i < N; i++)
        {
            lock (_gate)
            {
            }
        }
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void ReaderWriterLockSlimRead()
    {
        for (int i = 0; i < N; i++)
        {
            _rwLock.EnterReadLock();
            _rwLock.ExitReadLock();
        }
    }

    [Benchmark(OperationsPerInvoke = N)]
    public void InterlockedIncrementDecrement()
    {
        for (int i = 0; i < N; i++)
        {
            Interlocked.Increment(ref _counter);
            Interlocked.Decrement(ref _counter);
        }
    }
}
