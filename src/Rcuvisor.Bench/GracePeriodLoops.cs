using System.Runtime.CompilerServices;
using Rcuvisor.Rcu;

namespace Rcuvisor.Bench;

/// <summary>
/// The grace-period loops, run both by bench/Rcuvisor.Benchmarks' ReadSection and Synchronize
/// benchmarks and by `rcuvisor bench`, and shaped as bench/baselines/liburcu/rcu_bench.c: one non-inlined
/// method per cell, returning its count so the runner has something to sink.
/// </summary>
internal static class GracePeriodLoops
{
    private static readonly Action Noop = () => { };

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long EmptyLoop(long count)
    {
        long i = 0;
        for (; i < count; i++)
        {
        }
        return i;
    }

    /// <summary>A QSBR read section is no code, so its loop is the empty loop again, by design.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long QsbrReadSection(long count)
    {
        long i = 0;
        for (; i < count; i++)
        {
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long RcuReadSection(RcuDomain rcu, long count)
    {
        long i = 0;
        for (; i < count; i++)
        {
            using var _ = rcu.Read();
        }
        return i;
    }

    /// <summary>The section through <see cref="RcuDomain.ThreadReader"/>: <see cref="RcuReadSection"/> with the slot found before the loop.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long RcuThreadReaderSection(RcuDomain rcu, long count)
    {
        var reader = rcu.ThreadReader();
        long i = 0;
        for (; i < count; i++)
        {
            using var _ = reader.Read();
        }
        return i;
    }

    /// <summary>The one-thread section (<see cref="SrcuDomain.Read"/>), the shape of <see cref="RcuReadSection"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long SrcuReadSection(SrcuDomain srcu, long count)
    {
        long i = 0;
        for (; i < count; i++)
        {
            using var _ = srcu.Read();
        }
        return i;
    }

    /// <summary>The token section, which may end on another thread: its unlock finds this thread's counters again.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long SrcuTokenReadSection(SrcuDomain srcu, long count)
    {
        long i = 0;
        for (; i < count; i++)
            srcu.ReadUnlock(srcu.ReadLock());
        return i;
    }

    /// <summary>What QSBR readers pay instead of a section, once per quiescent point.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long QsbrQuiescentState(QsbrThread thread, long count)
    {
        long i = 0;
        for (; i < count; i++)
            thread.QuiescentState();
        return i;
    }

    /// <summary><see cref="QsbrQuiescentState"/> through <see cref="QsbrThread.Reader"/>, taken before the loop: no owner check per call.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long QsbrThreadReaderQuiescentState(QsbrThread thread, long count)
    {
        var reader = thread.Reader();
        long i = 0;
        for (; i < count; i++)
            reader.QuiescentState();
        return i;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Synchronize(GracePeriodDomain domain, long count)
    {
        long i = 0;
        for (; i < count; i++)
            domain.Synchronize();
        return i;
    }

    /// <summary>Each repetition queues <paramref name="batch"/> no-op callbacks, then waits until all have run.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long DeferAndWait(GracePeriodDomain domain, int batch, long count)
    {
        for (long i = 0; i < count; i++)
        {
            for (int j = 0; j < batch; j++)
                domain.Defer(Noop);
            domain.Barrier();
        }
        return domain.DeferredCompleted;
    }
}
