using Rcuvisor.Tables;

namespace Rcuvisor.Tests;

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

        var (allocated, footprint) = Build(() => new TableUnderTest(strategy, limits, createTable: false), vcpus);
        Assert.Equal(allocated, footprint);
    }

    [Theory]
    [MemberData(nameof(Strategies.Growable), MemberType = typeof(Strategies))]
    public void Footprint_of_a_grown_table_is_what_was_allocated_minus_what_growth_threw_away(VcpuTableStrategy strategy)
    {
        using var warm = new TableUnderTest(strategy);
        _ = warm.Table.FootprintBytes;
        var vcpus = Enumerable.Range(0, 4096).Select(id => new TestVcpu(id)).ToArray();
        var (allocated, footprint) = Build(() => new TableUnderTest(strategy, createTable: false), vcpus);

        // The rest is garbage from growth: every outgrown state (doubling: their arrays sum
        // to less than the final ones) plus a retirement closure and queue slot per growth
        // (13 growths; 512 bytes each is generous). The tree never discards anything.
        Assert.InRange(allocated - footprint, 0, strategy == VcpuTableStrategy.RadixTree ? 0 : footprint + 13 * 512);
    }

    [Theory]
    [MemberData(nameof(Strategies.Growable), MemberType = typeof(Strategies))]
    public void One_member_at_a_maximum_of_2_to_the_20_costs_at_most_256_bytes(VcpuTableStrategy strategy) =>
        Assert.InRange(TableFootprint.Measure(strategy, members: 1, maximum: 1 << 20), 1, 256);

    [Fact]
    public void The_fixed_table_pays_for_its_maximum_up_front() =>
        Assert.True(TableFootprint.Measure(VcpuTableStrategy.Fixed, members: 1, maximum: 1 << 20) >= 8L << 20);

    /// <summary>
    /// Builds a table from <paramref name="vcpus"/> on this thread: the bytes the GC counted
    /// for the thread meanwhile, and the table's footprint. A collection inside the window
    /// can make the per-thread counter under-count (seen under CPU load), so a window that
    /// saw one is measured again, up to five times.
    /// </summary>
    private static (long Allocated, long Footprint) Build(Func<TableUnderTest> make, TestVcpu[] vcpus)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var t = make();
            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            using var table = t.CreateTable();
            foreach (var vcpu in vcpus)
                table.Add(vcpu);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) != collections && attempt < 5)
            {
                Console.Error.WriteLine($"footprint window saw a GC (attempt {attempt}): allocated {allocated}, footprint {table.FootprintBytes}");
                continue;
            }
            return (allocated, table.FootprintBytes);
        }
    }

    public static TheoryData<VcpuTableStrategy, int> Cases()
    {
        var data = new TheoryData<VcpuTableStrategy, int>();
        foreach (var strategy in Enum.GetValues<VcpuTableStrategy>())
            foreach (int members in new[] { 1, 64, 4096 })
                data.Add(strategy, members);
        return data;
    }
}
