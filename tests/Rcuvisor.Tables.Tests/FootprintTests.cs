using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary>
/// FootprintBytes against what the GC counted while the table was built on this thread
/// (<see cref="GC.GetAllocatedBytesForCurrentThread"/> is exact per thread).
/// </summary>
public sealed class FootprintTests
{
    [Theory]
    [MemberData(nameof(Cases))]
    public void Footprint_equals_the_bytes_allocated_when_nothing_is_outgrown(VcpuTableStrategy strategy, int members)
    {
        // Sized up front, a table allocates only what it keeps: the delta must match exactly.
        var limits = new VcpuTableLimits { MaxCount = Math.Max(1, members), MaxId = Math.Max(1, members), InitialCapacity = Math.Max(1, members) };
        using var warm = new TableUnderTest(strategy, limits);
        _ = warm.Table.FootprintBytes; // measures instance sizes once (static caches), outside the window below
        var vcpus = Enumerable.Range(0, members).Select(id => new TestVcpu(id)).ToArray();

        var m = Build(() => new TableUnderTest(strategy, limits, createTable: false), vcpus);
        Assert.Equal(m.Allocated, m.Footprint);
    }

    [Theory]
    [MemberData(nameof(Strategies.Growable), MemberType = typeof(Strategies))]
    public void Footprint_of_a_grown_table_is_what_was_allocated_minus_what_growth_threw_away(VcpuTableStrategy strategy)
    {
        using var warm = new TableUnderTest(strategy);
        _ = warm.Table.FootprintBytes;
        var vcpus = Enumerable.Range(0, 4096).Select(id => new TestVcpu(id)).ToArray();
        var m = Build(() => new TableUnderTest(strategy, createTable: false), vcpus);
        TestContext.Current.SendDiagnosticMessage(
            $"{strategy}: allocated {m.Allocated}, kept {m.Footprint}, outgrown states {m.Discarded}, growths {m.Growths}, " +
            $"retirement {m.Allocated - m.Footprint - m.Discarded}");

        // Every byte is kept (the footprint), an outgrown state (counted by the table as it
        // retires it), or the retirement itself: a deferred callback and its queue slot per
        // growth, and the reclaimer's worker thread, started by the first. The tree never
        // discards or retires anything.
        long retirement = m.Allocated - m.Footprint - m.Discarded;
        if (strategy == VcpuTableStrategy.RadixTree)
            Assert.Equal((0L, 0L), (m.Discarded, retirement));
        else
            Assert.InRange(retirement, 1, m.Growths * RetirementBytesPerGrowth + ReclaimerStartBytes);
    }

    [Theory]
    [MemberData(nameof(Strategies.Growable), MemberType = typeof(Strategies))]
    public void One_member_at_a_maximum_of_2_to_the_20_costs_at_most_256_bytes(VcpuTableStrategy strategy) =>
        Assert.InRange(TableFootprint.Measure(strategy, members: 1, maximum: 1 << 20), 1, 256);

    [Fact]
    public void The_fixed_table_pays_for_its_maximum_up_front() =>
        Assert.True(TableFootprint.Measure(VcpuTableStrategy.Fixed, members: 1, maximum: 1 << 20) >= 8L << 20);

    /// <summary>A deferred callback (closure and delegate) and its slot in the reclaimer's queue, whose list may double meanwhile.</summary>
    private const long RetirementBytesPerGrowth = 256;

    /// <summary>The reclaimer's worker thread, started on the first retirement: its Thread object and start-up.</summary>
    private const long ReclaimerStartBytes = 1024;

    /// <summary>
    /// Builds a table from <paramref name="vcpus"/> on this thread inside a no-GC region, so
    /// no collection (from any thread of the process) can land in the window: the per-thread
    /// counter is exact then. If the region could not be held (other tests allocated past
    /// its budget), measures again.
    /// </summary>
    private static bool TryEndNoGCRegion()
    {
        try
        {
            GC.EndNoGCRegion();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // a collection happened inside the region
        }
    }

    private static Measurement Build(Func<TableUnderTest> make, TestVcpu[] vcpus)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var t = make();
            bool inRegion = GC.TryStartNoGCRegion(200L << 20);
            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            using var table = t.CreateTable();
            int growths = 0;
            long allocated;
            bool clean;
            try
            {
                foreach (var vcpu in vcpus)
                {
                    int capacity = table.Capacity;
                    table.Add(vcpu);
                    growths += table.Capacity != capacity ? 1 : 0;
                }
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                clean = inRegion && GC.CollectionCount(0) == collections;
            }
            finally
            {
                // Always ended once started: a region that a collection broke (another thread's
                // GC.Collect, say) stays "in progress" until EndNoGCRegion, which then throws,
                // and the next TryStartNoGCRegion would throw too.
                if (inRegion && !TryEndNoGCRegion())
                    clean = false;
            }
            if (!clean && attempt < 10)
                continue;
            Assert.True(clean, "every attempt saw a garbage collection in its window");
            return new Measurement(allocated, table.FootprintBytes, table.DiscardedBytes, growths);
        }
    }

    private readonly record struct Measurement(long Allocated, long Footprint, long Discarded, int Growths);

    public static TheoryData<VcpuTableStrategy, int> Cases()
    {
        var data = new TheoryData<VcpuTableStrategy, int>();
        foreach (var strategy in Enum.GetValues<VcpuTableStrategy>())
            foreach (int members in new[] { 1, 64, 4096 })
                data.Add(strategy, members);
        return data;
    }
}
