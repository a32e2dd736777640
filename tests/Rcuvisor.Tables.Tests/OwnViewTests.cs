using Rcuvisor.Rcu;
using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

public sealed class OwnViewTests
{
    private static readonly VcpuTableLimits Small = new() { MaxCount = 256, MaxId = 256 };

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void Running_participant_sees_every_add_including_growth(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy, Small);
        var participant = new TestParticipant(1000);
        int seenCount = 0, seenLast = -1;
        using (var thread = new ParticipantThread(t.Table.Attach(participant), view =>
               {
                   seenCount = view.Count;
                   seenLast = view.Get(seenCount - 1)?.Id ?? -1;
               }))
        {
            for (int id = 0; id < 100; id++)
                t.Table.Add(new TestVcpu(id)); // growth waits for this participant's acknowledgement
            thread.WaitForTurns(2);
            Assert.Null(thread.Failure);
        }
        Assert.Equal((100, 99), (seenCount, seenLast));
        if (strategy == VcpuTableStrategy.CachedMove)
            Assert.True(participant.Requests >= 7, $"{participant.Requests} requests for 7 doublings");
    }

    [Fact]
    public void A_parked_participant_is_moved_by_the_writer()
    {
        using var t = new TableUnderTest(VcpuTableStrategy.CachedMove);
        var view = t.Table.Attach(new TestParticipant(1));
        var initial = view.Cached;

        for (int id = 0; id < 10; id++)
            t.Table.Add(new TestVcpu(id)); // the view is parked: no thread needs to answer

        Assert.NotSame(initial, view.Cached);
        Assert.Equal(16, view.Cached!.Slots.Length);
        RunOnOwnThread(view, v =>
        {
            Assert.Equal(10, v.Count);
            Assert.Equal(9, v.GetById(9)!.Id);
            Assert.False(v.ProcessPendingUpdate()); // nothing left: the writer did it
        });
    }

    [Fact]
    public void Growth_does_not_wait_for_a_participant_in_its_extended_quiescent_state_which_moves_when_it_leaves()
    {
        using var t = new TableUnderTest(VcpuTableStrategy.CachedMove);
        var participant = new TestParticipant(1) { InExtendedQuiescentState = true };
        var view = t.Table.Attach(participant);
        using var resumed = new ManualResetEventSlim();
        using var leave = new ManualResetEventSlim();
        SlotArrayState<TestVcpu>? before = null, after = null;
        bool moved = false;
        var owner = new Thread(() =>
        {
            view.Resume(); // running, and never acknowledging while "in the guest"
            before = view.Cached;
            resumed.Set();
            leave.Wait();
            moved = view.ProcessPendingUpdate(); // what a vCPU does as it leaves the guest
            after = view.Cached;
            view.Park();
        });
        owner.Start();
        resumed.Wait(TestContext.Current.CancellationToken);

        for (int id = 0; id < 10; id++)
            t.Table.Add(new TestVcpu(id)); // grows 1 -> 16 without an acknowledgement: it would hang otherwise

        var current = t.Table.SharedStateForOwnViews();
        Assert.Same(before, view.Cached); // the writer did not touch a running owner's view
        participant.InExtendedQuiescentState = false;
        leave.Set();
        owner.Join();
        Assert.True(moved);
        Assert.Same(current, after);
        Assert.Equal(16, after!.Slots.Length);
    }

    [Fact]
    public void A_round_counts_as_waited_only_when_a_running_participant_is_outside_its_extended_quiescent_state_and_growth_does_not_wait_for_it()
    {
        using var t = new TableUnderTest(VcpuTableStrategy.CachedMove);
        var participant = new TestParticipant(1) { InExtendedQuiescentState = true };
        var reader = new HeldReader(t.Table.Attach(participant));

        t.Table.Add(new TestVcpu(0));
        t.Table.Add(new TestVcpu(1)); // grows 1 -> 2: a round, done at once (the participant is "in the guest")
        Assert.Equal((1L, 0L), (t.Table.UpdateRounds, t.Table.UpdateRoundsThatWaited));

        participant.InExtendedQuiescentState = false; // "in its exit handler": the round must wait for its thread
        var beforeGrowth = t.Table.SharedStateForOwnViews()!;
        t.Table.Add(new TestVcpu(2)); // grows 2 -> 4 and returns: the old state's retirement waits for the participant
        Assert.Equal((2L, 0L, 1), (t.Table.UpdateRounds, t.Table.UpdateRoundsThatWaited, t.Table.RetirementsPending));
        Assert.Equal(3, t.Table.Count); // published before the participant moved
        beforeGrowth.ThrowIfRetired(); // not poisoned: its retirement cannot run before the participant moves

        reader.MoveAndPark();
        t.DrainRetired();

        Assert.Equal((2L, 1L, 0), (t.Table.UpdateRounds, t.Table.UpdateRoundsThatWaited, t.Table.RetirementsPending));
        Assert.Throws<RetiredObjectAccessException>(beforeGrowth.ThrowIfRetired);
        Assert.True(t.Table.UpdateRoundWaitTime > TimeSpan.Zero);
    }

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void Own_view_enumerates_in_creation_order_skipping_holes(VcpuTableStrategy strategy)
    {
        using var t = new TableUnderTest(strategy, Small);
        foreach (int id in new[] { 4, 2, 8, 6 })
            t.Table.Add(new TestVcpu(id));
        t.Table.Remove(2);
        var view = t.Table.Attach(new TestParticipant(1));

        RunOnOwnThread(view, v =>
        {
            var ids = new List<int>();
            foreach (var member in v)
                ids.Add(member.Id);
            Assert.Equal([4, 8, 6], ids);
            Assert.Equal(4, v.Count);
            Assert.Null(v.Get(1));
            Assert.Null(v.GetById(2));
        });
    }

    [Fact]
    public void Detached_view_is_no_longer_waited_for()
    {
        using var t = new TableUnderTest(VcpuTableStrategy.CachedMove);
        var view = t.Table.Attach(new TestParticipant(1));
        RunOnOwnThread(view, _ => { }, park: false); // left running, as a thread that died would

        t.Table.Detach(view);
        for (int id = 0; id < 4; id++)
            t.Table.Add(new TestVcpu(id)); // would wait forever for a running, attached view

        Assert.Equal(0, t.Table.ParticipantCount);
        Assert.Throws<ArgumentException>(() => t.Table.Detach(view));
    }

#if DEBUG
    [Fact]
    public void Own_view_used_on_another_thread_throws_in_debug_builds()
    {
        using var t = new TableUnderTest(VcpuTableStrategy.CachedMove);
        t.Table.Add(new TestVcpu(0));
        var view = t.Table.Attach(new TestParticipant(1));
        using var owner = new ParticipantThread(view, v => v.Get(0));
        owner.WaitForTurns(1);

        var e = Assert.Throws<InvalidOperationException>(() => view.Get(0));
        Assert.Contains("ReadForeign", e.Message);
        Assert.Throws<InvalidOperationException>(() => view.GetById(0));
    }

    [Fact]
    public void Reading_a_retired_state_through_a_stale_view_is_caught()
    {
        // The broken table retires without moving participants: the stale view must throw.
        using var t = new TableUnderTest(VcpuTableStrategy.CachedMove, breakMoveProtocol: true);
        var view = t.Table.Attach(new TestParticipant(1));
        Exception? failure = null;
        RunOnOwnThread(view, v =>
        {
            t.Table.Add(new TestVcpu(0));
            t.Table.Add(new TestVcpu(1)); // grows; the broken table does not wait for this (running) view
            t.DrainRetired();             // the first state is now poisoned
            failure = Record.Exception(() => v.Get(0));
        });
        Assert.IsType<RetiredObjectAccessException>(failure);
    }

    // RcuArray own views read the shared state outside any RCU read section, protected by
    // the participant's quiescent points (docs/tables.md, "Own views of RcuArray"): growth
    // must wait for a participant that holds the old state (here, mid-walk) before it
    // retires it; the broken table that retires after the RCU grace period alone is caught.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rcu_array_growth_waits_for_a_participant_mid_walk_and_a_table_that_does_not_is_caught(bool broken)
    {
        using var t = new TableUnderTest(VcpuTableStrategy.RcuArray, breakMoveProtocol: broken);
        t.Table.Add(new TestVcpu(0));
        var view = t.Table.Attach(new TestParticipant(1));
        using var grown = new ManualResetEventSlim();
        var writer = new Thread(() =>
        {
            t.Table.Add(new TestVcpu(1)); // grows, and retires the state the walk holds (deferred while the walk runs)
            t.DrainRetired();
            grown.Set();
        });
        var token = TestContext.Current.CancellationToken;
        bool grewDuringWalk = false;
        Exception? failure = null;
        RunOnOwnThread(view, v =>
        {
            var walk = v.GetEnumerator(); // holds the one-slot state
            Assert.True(walk.MoveNext());
            writer.Start();
            // The correct table cannot retire the walked state before this participant's quiescent point below.
            grewDuringWalk = grown.Wait(broken ? TimeSpan.FromSeconds(60) : TimeSpan.FromMilliseconds(300), token);
            try
            {
                walk.MoveNext();
            }
            catch (RetiredObjectAccessException e)
            {
                failure = e;
            }
            v.ProcessPendingUpdate();
        });
        Assert.True(grown.Wait(TimeSpan.FromSeconds(60), token), "growth never finished");
        writer.Join();
        Assert.Equal(broken, grewDuringWalk);
        if (broken)
            Assert.IsType<RetiredObjectAccessException>(failure);
        else
            Assert.Null(failure);
    }
#endif

    /// <summary>Runs <paramref name="body"/> on a fresh thread that owns <paramref name="view"/> for the call.</summary>
    private static void RunOnOwnThread(OwnView<TestVcpu> view, Action<OwnView<TestVcpu>> body, bool park = true, bool resume = true)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                if (resume)
                    view.Resume();
                body(view);
                if (park)
                    view.Park();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
            throw new InvalidOperationException("participant thread failed", failure);
    }
}
