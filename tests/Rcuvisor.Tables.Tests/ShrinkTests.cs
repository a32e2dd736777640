using Rcuvisor.Rcu;
using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary>
/// Shrink (docs/tables.md, "Shrink"): a growable table left at most a quarter full by
/// removals gives its memory back, keeps every live index and id, resizes once per
/// boundary crossing rather than on every plug/unplug there, and moves its views as
/// growth does.
/// </summary>
public sealed class ShrinkTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(Strategies.Growable), MemberType = typeof(Strategies))]
    public void A_table_grown_to_1024_and_unplugged_to_4_costs_at_most_twice_one_that_only_held_4(VcpuTableStrategy strategy)
    {
        using var small = new TableUnderTest(strategy);
        for (int id = 0; id < 4; id++)
            small.Table.Add(new TestVcpu(id));
        using var t = new TableUnderTest(strategy);
        var view = t.Table.Attach(new TestParticipant(2000)); // parked: the writer moves it
        for (int id = 0; id < 1024; id++)
            t.Table.Add(new TestVcpu(id));
        long grown = t.Table.FootprintBytes;
        for (int id = 1023; id >= 4; id--)
            t.Table.Remove(id);
        t.Table.Detach(view);
        var smallView = small.Table.Attach(new TestParticipant(2001)); // same participant bytes on both sides
        small.Table.Detach(smallView);

        long shrunk = t.Table.FootprintBytes, baseline = small.Table.FootprintBytes;
        output.WriteLine($"{strategy}: grown {grown} B, shrunk {shrunk} B, only ever 4: {baseline} B, shrinks {t.Table.Shrinks}, capacity {t.Table.Capacity}");
        Assert.InRange(shrunk, 1, 2 * baseline);
        Assert.True(t.Table.Shrinks > 0);
        // The count drops only when the storage shrinks: an array to 8 slots (count 4), the
        // radix tree to one leaf, when its 65th index went (count 64, holes 4..63).
        Assert.InRange(t.Table.Count, 4, t.Table.Capacity);
        using var foreign = t.Table.ReadForeign();
        for (int id = 0; id < 4; id++)
            Assert.Equal((id, id), (foreign.Get(id)!.Id, foreign.GetById(id)!.Id)); // indices and ids kept
    }

    [Theory]
    [InlineData(VcpuTableStrategy.CachedMove, "forward")]
    [InlineData(VcpuTableStrategy.CachedMove, "backward")]
    [InlineData(VcpuTableStrategy.RcuArray, "forward")]
    [InlineData(VcpuTableStrategy.RcuArray, "backward")]
    [InlineData(VcpuTableStrategy.RadixTree, "backward")]
    public void Unplug_order_does_not_matter_and_a_shrunk_table_keeps_high_ids_and_indices(VcpuTableStrategy strategy, string order)
    {
        using var t = new TableUnderTest(strategy);
        for (int id = 0; id < 256; id++)
            t.Table.Add(new TestVcpu(id));
        var unplug = Enumerable.Range(1, 250).ToList(); // keep ids 0 and 251..255 (indices 0 and 251..255)
        if (order == "backward")
            unplug.Reverse();
        foreach (int id in unplug)
            t.Table.Remove(id);
        // Index 255 and id 255 are live: nothing can shrink below 256 slots.
        Assert.Equal(256, t.Table.Count);
        foreach (int id in new[] { 251, 252, 253, 254, 255 })
            t.Table.Remove(id);
        // Only id 0 at index 0 is live now.
        Assert.True(t.Table.Shrinks > 0, "no shrink after unplugging all but one");
        Assert.Equal(1, t.Table.Count);
        Assert.InRange(t.Table.Capacity, 1, 2);
        using (var view = t.Table.ReadForeign())
            Assert.Equal(0, view.GetById(0)!.Id);
        // Plugging again appends after the trimmed count, reusing no index past it.
        t.Table.Add(new TestVcpu(300));
        using (var view = t.Table.ReadForeign())
            Assert.Equal(300, view.GetById(300)!.Id);
    }

    [Theory]
    [InlineData(VcpuTableStrategy.CachedMove)]
    [InlineData(VcpuTableStrategy.RcuArray)]
    public void Plug_and_unplug_at_a_boundary_resize_only_once(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy);
        for (int id = 0; id < 64; id++)
            t.Table.Add(new TestVcpu(id)); // capacity 64, full
        for (int id = 63; id >= 16; id--)
            t.Table.Remove(id);            // 16 of 64: a quarter, halves to 32
        long shrinks = t.Table.Shrinks, growths = t.Table.Growths;
        Assert.Equal((1L, 32), (shrinks, t.Table.Capacity));
        for (int round = 0; round < 20; round++)
        {
            // At either boundary a halved table is half full: one plug or unplug moves neither way.
            t.Table.Add(new TestVcpu(16));
            t.Table.Remove(16);
            t.Table.Remove(15);
            t.Table.Add(new TestVcpu(15));
        }
        Assert.Equal((shrinks, growths, 32), (t.Table.Shrinks, t.Table.Growths, t.Table.Capacity));
    }

    [Theory]
    [InlineData(VcpuTableStrategy.CachedMove)]
    [InlineData(VcpuTableStrategy.RcuArray)]
    public void Discarded_bytes_count_every_state_a_shrink_retires(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy);
        for (int id = 0; id < 64; id++)
            t.Table.Add(new TestVcpu(id));
        long beforeBytes = t.Table.DiscardedBytes, stateBytes = t.Table.FootprintBytes;
        for (int id = 63; id >= 1; id--)
            t.Table.Remove(id);
        Assert.True(t.Table.Shrinks > 0);
        Assert.True(t.Table.DiscardedBytes - beforeBytes >= stateBytes / 2, "the 64-slot state's bytes were not counted as discarded");
    }

    [Fact]
    public void A_parked_view_is_moved_to_the_shrunk_state()
    {
        using var t = new TableUnderTest(VcpuTableStrategy.CachedMove);
        var view = t.Table.Attach(new TestParticipant(1));
        for (int id = 0; id < 64; id++)
            t.Table.Add(new TestVcpu(id));
        var grown = view.Cached;
        for (int id = 63; id >= 2; id--)
            t.Table.Remove(id);
        Assert.NotSame(grown, view.Cached);
        Assert.True(view.IsOnCurrentState);
        Assert.Equal(t.Table.Capacity, view.Cached!.Slots.Length);
        t.DrainRetired(); // `grown` is poisoned now; the view is not on it
        view.Resume();
        Assert.Equal(1, view.Get(1)!.Id);
        view.Park();
        t.Table.Detach(view);
    }

#if DEBUG // the own view's retired-state check is compiled into DEBUG builds only
    [Fact]
    public void Poisoning_catches_a_view_left_on_a_shrunk_away_state()
    {
        using var t = new TableUnderTest(VcpuTableStrategy.CachedMove, breakMoveProtocol: true);
        var view = t.Table.Attach(new TestParticipant(1)); // parked, so Remove's own update round moves it
        for (int id = 0; id < 64; id++)
            t.Table.Add(new TestVcpu(id));
        for (int id = 63; id >= 2; id--)
            t.Table.Remove(id); // each removal's round moves the view; the shrink after it, broken, does not
        Assert.True(t.Table.Shrinks > 0);
        Assert.False(view.IsOnCurrentState);
        t.DrainRetired();
        view.Resume(); // nothing pending: the view stays on the retired state
        Assert.Throws<RetiredObjectAccessException>(() => view.Get(0));
        view.Park();
        t.Table.Detach(view);
    }
#endif
}
