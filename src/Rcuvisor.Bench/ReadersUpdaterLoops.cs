using System.Runtime.CompilerServices;
using Rcuvisor.Rcu;

namespace Rcuvisor.Bench;

/// <summary>
/// The loops of liburcu's test_urcu shape (tests/benchmark/test_urcu.c, test_urcu_qsbr.c),
/// written as bench/baselines/liburcu/rcu_bench.c writes them: each reader loads the shared
/// pointer inside a read section until told to stop; the updater publishes a new object by
/// exchange, waits for a grace period and poisons the old one. Each returns its count.
/// </summary>
/// <remarks>
/// Each loop is entered once per thread and run, 16 times in a whole matrix, so under tiered
/// compilation most runs would time it as on-stack-replacement code compiled mid-loop (a
/// Tier1 body replaces it only after 30 calls); <see cref="MethodImplOptions.AggressiveOptimization"/>
/// compiles it fully optimised at its first call, as the C loops it is compared with are.
/// The RCU reader looks its slot up once (<see cref="RcuDomain.ThreadReader"/>), as a liburcu
/// reader registers once and reaches its slot through the CPU's TLS register. Each loop's
/// first operation is peeled off and counted before the loop (a run never stops before
/// every thread has counted one, so it always falls inside the run): rcu_bench.c tests
/// <c>++reads == 1</c> in its loop, but in ours that test and its call cost the RCU reader
/// 37% of its reads (914 against 1,449 M reads/s, 15 runs of 40 ms each, same machine).
/// </remarks>
internal static class ReadersUpdaterLoops
{
    // As test_urcu_qsbr: a QSBR reader announces a quiescent state every 1024 reads.
    private const long QsbrReadsPerQuiescentState = 1024;

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static long RcuReader(RcuDomain rcu, ReadersUpdaterState state)
    {
        var reader = rcu.ThreadReader();
        long seen;
        using (reader.Read())
            seen = Volatile.Read(ref state.Current).Value;
        state.CountedOne();
        long reads = 1;
        for (; !state.Stop; reads++)
        {
            using (reader.Read())
                seen += Volatile.Read(ref state.Current).Value;
        }
        state.Sink(seen);
        return reads;
    }

    /// <summary>A QSBR read section is no code: the load, and a quiescent state every 1024 reads.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static long QsbrReader(QsbrThread thread, ReadersUpdaterState state)
    {
        var reader = thread.Reader();
        long seen = Volatile.Read(ref state.Current).Value;
        state.CountedOne();
        long reads = 1;
        for (; !state.Stop; reads++)
        {
            seen += Volatile.Read(ref state.Current).Value;
            if (reads % QsbrReadsPerQuiescentState == 0)
                reader.QuiescentState();
        }
        state.Sink(seen);
        return reads;
    }

    /// <summary>Publish by exchange, synchronize, then poison the old object (test_urcu frees it; here the GC will).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static long Updater(GracePeriodDomain domain, ReadersUpdaterState state)
    {
        Update(domain, state);
        state.CountedOne();
        long updates = 1;
        for (; !state.Stop; updates++)
            Update(domain, state);
        return updates;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(GracePeriodDomain domain, ReadersUpdaterState state)
    {
        var old = Interlocked.Exchange(ref state.Current, new UpdaterObject(8));
        domain.Synchronize();
        old.Value = 0; // no reader can hold it any more: a torn read would show 0
    }
}
