using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

public sealed class StressTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void Concurrent_readers_only_ever_see_null_or_fully_built_members(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy, new VcpuTableLimits { MaxCount = 4096, MaxId = 4096 });

        var report = new StressHarness(t).Run(seed: 42);
        t.DrainRetired(); // retirement callbacks ran (and poisoned) while readers were still reading

        output.WriteLine(report.ToString());
        Assert.Empty(report.Violations);
        Assert.Equal(4096, report.Added);
        Assert.Equal(64, report.Removed);
        // Each removal's index was refilled by the next add, except the last removal's.
        Assert.Equal(report.Added - report.Removed + 1, t.Table.Count);
        Assert.True(report.Reads > 0, "readers never ran: the test proved nothing");
    }

    [Theory]
    [MemberData(nameof(Strategies.Growable), MemberType = typeof(Strategies))]
    public void Concurrent_readers_see_only_whole_members_while_the_table_drains_and_shrinks(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy, new VcpuTableLimits { MaxCount = 1024, MaxId = 1024 });

        var report = new StressHarness(t) { Members = 1024, DrainTo = 4 }.Run(seed: 43);
        t.DrainRetired();

        output.WriteLine($"{report}; shrinks {t.Table.Shrinks}, capacity {t.Table.Capacity}");
        Assert.Empty(report.Violations);
        Assert.Equal(1024 - 4, report.Removed);
        Assert.True(t.Table.Shrinks > 0, "the drain did not shrink the table");
        Assert.True(report.Reads > 0, "readers never ran: the test proved nothing");
    }

#if DEBUG // the own view's retired-state check is compiled into DEBUG builds only
    [Fact]
    public void The_harness_catches_a_table_that_retires_without_moving_participants()
    {
        using var t = new TableUnderTest(VcpuTableStrategy.CachedMove, breakMoveProtocol: true);

        // No removals or parking: both would move the participants (an update round) and
        // so hide the missing move on growth.
        var report = new StressHarness(t) { Members = 1024, ForeignReaders = 0, RemoveEvery = int.MaxValue, ParkEvery = int.MaxValue }
            .Run(seed: 7);

        output.WriteLine(report.ToString());
        Assert.NotEqual(0, report.ViolationCount);
        Assert.Contains(report.Violations, v => v.Contains("RetiredObjectAccessException"));
    }
#endif
}
