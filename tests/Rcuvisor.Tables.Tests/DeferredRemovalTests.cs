using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary><see cref="VcpuTable{T}.RemoveDeferred"/>: unlinked at once, reclaimed after its grace period.</summary>
public sealed class DeferredRemovalTests
{
    private static readonly VcpuTableLimits TwoMembers = new() { MaxCount = 2, MaxId = 4, InitialCapacity = 2 };

    [Fact]
    public void A_deferred_removal_returns_while_a_participant_reads_and_frees_the_index_once_it_moves()
    {
        using var t = new TableUnderTest(VcpuTableStrategy.CachedMove, TwoMembers);
        t.Table.Add(new TestVcpu(0));
        t.Table.Add(new TestVcpu(1)); // full
        var reader = new HeldReader(t.Table.Attach(new TestParticipant(9))); // running, never quiescent: a vCPU inside a doorbell lookup

        TestVcpu? unreachable = null;
        var removed = t.Table.RemoveDeferred(1, guard: null, m => Volatile.Write(ref unreachable, m));
        using (var foreign = t.Table.ReadForeign())
            Assert.Null(foreign.GetById(1)); // unlinked at once
        Assert.Equal(1, t.Table.RetirementsPending);
        var adding = new Thread(() => t.Table.Add(new TestVcpu(2)));
        adding.Start();
        // Correct code cannot reuse the index, nor call the member unreachable, before the participant moves.
        Assert.False(adding.Join(TimeSpan.FromMilliseconds(200)), "a full table reused an index still in its grace period");
        Assert.Null(Volatile.Read(ref unreachable));

        reader.MoveAndPark();
        Assert.True(adding.Join(TimeSpan.FromSeconds(30)), "the add never got the freed index");
        Assert.Same(removed, Volatile.Read(ref unreachable)); // reported before the index was handed on
        using (var foreign = t.Table.ReadForeign())
            Assert.Equal(2, foreign.Get(1)?.Id); // the freed index, reused
        Assert.Equal(0, t.Table.RetirementsPending);
    }

    [Theory]
    [InlineData(VcpuTableStrategy.Fixed)]
    [InlineData(VcpuTableStrategy.RadixTree)]
    public void A_strategy_whose_foreign_reads_hold_nothing_needs_a_guard_domain_and_is_left_unchanged_without_one(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy, TwoMembers);
        t.Table.Add(new TestVcpu(0));
        var before = TableSnapshot.Of(t.Table);
        var e = Assert.Throws<ArgumentNullException>(() => t.Table.RemoveDeferred(0, guard: null, _ => { }));
        Assert.Equal("guard", e.ParamName);
        Assert.Equal(before, TableSnapshot.Of(t.Table));

        TestVcpu? unreachable = null;
        t.Table.RemoveDeferred(0, t.Srcu, m => Volatile.Write(ref unreachable, m));
        t.Table.WaitForRetirements();
        Assert.Equal(0, Volatile.Read(ref unreachable)?.Id);
        t.Table.Add(new TestVcpu(0));
        Assert.Equal(1, t.Table.Count); // the index came back: no append past it
    }
}
