using System.Runtime.CompilerServices;
using Rcuvisor.Rcu;

namespace Rcuvisor.Bench;

/// <summary>
/// The loops of liburcu's test_urcu shape (tests/benchmark/test_urcu.c, test_urcu_qsbr.c),
/// written as bench/baselines/liburcu/rcu_bench.c writes them: each reader loads the shared
/// pointer inside a read section until told to stop; the updater publishes a new object by
/// exchange, waits for a grace period and poisons the old one. Each returns its count.
/// </summary>
internal static class ReadersUpdaterLoops
{
    // As test_urcu_qsbr: a QSBR reader announces a quiescent state every 1024 reads.
    private const long QsbrReadsPerQuiescentState = 1024;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long RcuReader(RcuDomain rcu, ReadersUpdaterState state)
    {
        long reads = 0, seen = 0;
        while (!state.Stop)
        {
            using (rcu.Read())
                seen += Volatile.Read(ref state.Current).Value;
            if (++reads == 1)
                state.CountedOne();
        }
        state.Sink(seen);
        return reads;
    }

    /// <summary>A QSBR read section is no code: the load, and a quiescent state every 1024 reads.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long QsbrReader(QsbrThread thread, ReadersUpdaterState state)
    {
        long reads = 0, seen = 0;
        while (!state.Stop)
        {
            seen += Volatile.Read(ref state.Current).Value;
            if (++reads == 1)
                state.CountedOne();
            if (reads % QsbrReadsPerQuiescentState == 0)
                thread.QuiescentState();
        }
        state.Sink(seen);
        return reads;
    }

    /// <summary>Publish by exchange, synchronize, then poison the old object (test_urcu frees it; here the GC will).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Updater(GracePeriodDomain domain, ReadersUpdaterState state)
    {
        long updates = 0;
        while (!state.Stop)
        {
            var old = Interlocked.Exchange(ref state.Current, new UpdaterObject(8));
            domain.Synchronize();
            old.Value = 0; // no reader can hold it any more: a torn read would show 0
            if (++updates == 1)
                state.CountedOne();
        }
        return updates;
    }
}
