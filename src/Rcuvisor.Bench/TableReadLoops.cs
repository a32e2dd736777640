using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>
/// The execution-path loops, which bench/Rcuvisor.Benchmarks/TableReadBenchmarks.cs runs too.
/// Each is its own non-inlined method, so the JIT cannot merge it into the runner or hoist
/// its work out of the timing; each returns the sum of the ids it read, which the runner
/// sinks. Lookups cycle through the members with <c>i &amp; mask</c> (members are powers of two).
/// </summary>
internal static class TableReadLoops
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long ArrayGet(BenchVcpu[] array, int mask, long count)
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
            sum += array[(int)i & mask].Id;
        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long DictionaryGetById(ConcurrentDictionary<int, BenchVcpu> dictionary, int mask, long count)
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
            sum += dictionary.TryGetValue((int)i & mask, out var vcpu) ? vcpu.Id : 0;
        return sum;
    }

    // The table loops below take TSite, a CallSite<...>: one compiled copy per strategy.

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long OwnGet<TSite>(OwnView<BenchVcpu> own, int mask, long count)
        where TSite : struct
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
            sum += own.Get((int)i & mask)!.Id;
        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long OwnGetById<TSite>(OwnView<BenchVcpu> own, int mask, long count)
        where TSite : struct
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
            sum += own.GetById((int)i & mask)!.Id;
        return sum;
    }

    /// <summary>A guard per lookup, as a foreign caller (an interrupt injector) takes one per signal.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long ForeignGet<TSite>(VcpuTable<BenchVcpu> table, int mask, long count)
        where TSite : struct
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
        {
            using var view = table.ReadForeign();
            sum += view.Get((int)i & mask)!.Id;
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long ForeignGetById<TSite>(VcpuTable<BenchVcpu> table, int mask, long count)
        where TSite : struct
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
        {
            using var view = table.ReadForeign();
            sum += view.GetById((int)i & mask)!.Id;
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long ArrayEnumerate(BenchVcpu[] array, long count)
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
            foreach (var vcpu in array)
                sum += vcpu.Id;
        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long DictionaryEnumerate(ConcurrentDictionary<int, BenchVcpu> dictionary, long count)
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
            foreach (var pair in dictionary)
                sum += pair.Value.Id;
        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long OwnEnumerate<TSite>(OwnView<BenchVcpu> own, long count)
        where TSite : struct
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
            foreach (var vcpu in own)
                sum += vcpu.Id;
        return sum;
    }

    /// <summary>One guard per walk.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long ForeignEnumerate<TSite>(VcpuTable<BenchVcpu> table, long count)
        where TSite : struct
    {
        long sum = 0;
        for (long i = 0; i < count; i++)
        {
            using var view = table.ReadForeign();
            foreach (var vcpu in view)
                sum += vcpu.Id;
        }
        return sum;
    }
}
