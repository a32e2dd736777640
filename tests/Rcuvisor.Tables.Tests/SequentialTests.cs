using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

public sealed class SequentialTests
{
    private static readonly VcpuTableLimits Small = new() { MaxCount = 64, MaxId = 128 };

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void Add_keeps_creation_order_and_finds_by_id(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy, Small);
        int[] ids = [5, 0, 99, 3, 64, 127];
        foreach (int id in ids)
            t.Table.Add(new TestVcpu(id));

        Assert.Equal(ids.Length, t.Table.Count);
        using var view = t.Table.ReadForeign();
        var byIndex = new List<int>();
        for (int i = 0; i < view.Count; i++)
            byIndex.Add(view.Get(i)!.Id);
        Assert.Equal(ids, byIndex);
        foreach (int id in ids)
            Assert.Equal(id, view.GetById(id)!.Id);
        Assert.Null(view.GetById(1));
        Assert.Null(view.Get(ids.Length));
        Assert.Null(view.Get(-1));
        var enumerated = new List<int>();
        foreach (var member in view)
            enumerated.Add(member.Id);
        Assert.Equal(ids, enumerated);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void Remove_leaves_a_hole_that_enumeration_skips_and_a_later_add_reuses(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy, Small);
        for (int id = 0; id < 4; id++)
            t.Table.Add(new TestVcpu(id));

        var removed = t.Table.Remove(1);

        Assert.Equal(1, removed.Id);
        Assert.Equal(new TableSnapshot(4, t.Table.Capacity, "0,-,2,3", "0,2,3"), TableSnapshot.Of(t.Table));
        t.Table.Add(new TestVcpu(1)); // the id is reusable once Remove (and its grace period) returned
        t.Table.Add(new TestVcpu(9));
        Assert.Equal("0,1,2,3,9", TableSnapshot.Of(t.Table).Slots);
        using var view = t.Table.ReadForeign();
        Assert.NotSame(removed, view.GetById(1));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void Bad_ids_are_rejected_with_value_and_limit_and_change_nothing(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy, Small);
        t.Table.Add(new TestVcpu(7));
        var before = TableSnapshot.Of(t.Table);

        var negative = Assert.Throws<VcpuIdOutOfRangeException>(() => t.Table.Add(new TestVcpu(-1)));
        Assert.Contains("-1", negative.Message);
        Assert.Contains("128", negative.Message);
        var tooLarge = Assert.Throws<VcpuIdOutOfRangeException>(() => t.Table.Add(new TestVcpu(128)));
        Assert.Equal((128, 128), (tooLarge.Id, tooLarge.MaxId));
        var duplicate = Assert.Throws<DuplicateVcpuIdException>(() => t.Table.Add(new TestVcpu(7)));
        Assert.Contains("7", duplicate.Message);
        var unknown = Assert.Throws<UnknownVcpuIdException>(() => t.Table.Remove(8));
        Assert.Contains("8", unknown.Message);
        Assert.Throws<VcpuIdOutOfRangeException>(() => t.Table.Remove(1000));
        Assert.Throws<ArgumentNullException>(() => t.Table.Add(null!));

        Assert.Equal(before, TableSnapshot.Of(t.Table));
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void Add_past_the_maximum_names_count_and_limit_and_changes_nothing(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy, new VcpuTableLimits { MaxCount = 3, MaxId = 16 });
        for (int id = 0; id < 3; id++)
            t.Table.Add(new TestVcpu(id));
        var before = TableSnapshot.Of(t.Table);

        var full = Assert.Throws<VcpuTableFullException>(() => t.Table.Add(new TestVcpu(10)));

        Assert.Equal((3, 3), (full.Count, full.MaxCount));
        Assert.Contains("holds 3", full.Message);
        Assert.Contains("maximum is 3", full.Message);
        Assert.Equal(before, TableSnapshot.Of(t.Table));
        t.Table.Remove(2); // a freed index makes room again
        t.Table.Add(new TestVcpu(10));
        Assert.Equal("0,1,10", TableSnapshot.Of(t.Table).Slots);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void Use_after_dispose_throws_and_changes_nothing(VcpuTableStrategy strategy)
    {
        var t = new TableUnderTest(strategy, Small);
        t.Table.Add(new TestVcpu(1));
        t.Table.Dispose();

        Assert.Throws<ObjectDisposedException>(() => t.Table.Add(new TestVcpu(2)));
        Assert.Throws<ObjectDisposedException>(() => t.Table.Remove(1));
        Assert.Throws<ObjectDisposedException>(() => t.Table.ReadForeign());
        Assert.Throws<ObjectDisposedException>(() => t.Table.Attach(new TestParticipant(1)));
        Assert.Equal(1, t.Table.Count);
        t.Dispose();
    }

    [Theory]
    [MemberData(nameof(Strategies.Growable), MemberType = typeof(Strategies))]
    public void Growable_tables_default_to_a_maximum_of_2_to_the_20(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy);
        t.Table.Add(new TestVcpu((1 << 20) - 1));

        Assert.Equal((1 << 20, 1 << 20), (t.Table.MaxCount, t.Table.MaxId));
        Assert.Throws<VcpuIdOutOfRangeException>(() => t.Table.Add(new TestVcpu(1 << 20)));
        using var view = t.Table.ReadForeign();
        Assert.Equal((1 << 20) - 1, view.GetById((1 << 20) - 1)!.Id);
    }

    [Theory]
    [MemberData(nameof(Strategies.Growable), MemberType = typeof(Strategies))]
    public void Growth_doubles_capacity_and_keeps_every_member(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy);
        for (int id = 0; id < 300; id++)
            t.Table.Add(new TestVcpu(id));

        Assert.Equal(300, t.Table.Count);
        Assert.True(t.Table.Capacity >= 300);
        Assert.True(t.Table.Capacity <= 4096, $"capacity {t.Table.Capacity}"); // x2 for arrays, x64 per level for the tree
        using var view = t.Table.ReadForeign();
        for (int id = 0; id < 300; id++)
        {
            Assert.Equal(id, view.Get(id)!.Id);
            Assert.Equal(id, view.GetById(id)!.Id);
        }
    }

    [Fact]
    public void Foreign_view_after_its_dispose_throws()
    {
        using var t = new TableUnderTest(VcpuTableStrategy.CachedMove);
        t.Table.Add(new TestVcpu(0));
        var view = t.Table.ReadForeign();
        view.Dispose();
        view.Dispose(); // once only: a second dispose does not unlock SRCU twice

        bool threw = false;
        try
        {
            _ = view.Get(0);
        }
        catch (ObjectDisposedException)
        {
            threw = true;
        }
        Assert.True(threw);
        t.Srcu.Synchronize(); // would throw GracePeriodMisuseException after a double unlock
    }
}
