namespace Rcuvisor.Rcu.Tests;

public sealed class QsbrDomainTests
{
    [Fact]
    public void Synchronize_waits_for_an_online_thread_to_announce_a_quiescent_state()
    {
        using var qsbr = new QsbrDomain();
        Holdback.AssertWaitsForSection(
            body =>
            {
                using var thread = qsbr.Register();
                body();
                thread.QuiescentState();
            },
            qsbr.Synchronize);
    }

    [Fact]
    public void An_offline_thread_does_not_hold_grace_periods()
    {
        using var qsbr = new QsbrDomain();
        using var registered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var sleeper = new Thread(() =>
        {
            using var thread = qsbr.Register();
            thread.Offline();
            registered.Set();
            release.Wait(); // blocked for as long as the test likes: offline, so no grace period waits for it
            thread.Online();
            Assert.True(thread.IsOnline);
        });
        sleeper.Start();
        registered.Wait(TestContext.Current.CancellationToken);
        long before = qsbr.GracePeriodsCompleted;
        qsbr.Synchronize();
        Assert.Equal(before + 1, qsbr.GracePeriodsCompleted);
        release.Set();
        sleeper.Join();
    }

    [Fact]
    public void Synchronize_from_an_online_thread_is_a_quiescent_state()
    {
        using var qsbr = new QsbrDomain();
        using var thread = qsbr.Register();
        qsbr.Synchronize(); // would wait for itself if it stayed online
        Assert.True(thread.IsOnline);
        Assert.Equal(1, qsbr.GracePeriodsCompleted);
    }

    [Fact]
    public void Misuse_is_refused()
    {
        using var qsbr = new QsbrDomain(new GracePeriodOptions { Name = "q" });
        var thread = qsbr.Register();
        Assert.Throws<GracePeriodMisuseException>(() => qsbr.Register());
        Exception? fromOtherThread = null;
        var other = new Thread(() => fromOtherThread = Record.Exception(thread.QuiescentState));
        other.Start();
        other.Join();
        Assert.IsType<GracePeriodMisuseException>(fromOtherThread);
        thread.Offline();
        Assert.Throws<GracePeriodMisuseException>(thread.QuiescentState);
        thread.Dispose();
        Assert.Equal(0, qsbr.RegisteredReaders);
        Assert.Throws<ObjectDisposedException>(thread.Online);
        using var again = qsbr.Register(); // leaving allows registering anew
        Assert.Equal(1, qsbr.RegisteredReaders);
    }

    [Fact]
    public void A_thread_polling_quiescent_states_sees_each_new_grace_period()
    {
        QsbrPolling.AssertSeesEachGracePeriod((thread, stopped) =>
        {
            while (!stopped())
                thread.QuiescentState();
        });
    }

    [Fact]
    public void Quiescent_state_after_the_domain_is_disposed_is_refused()
    {
        var qsbr = new QsbrDomain();
        var thread = qsbr.Register();
        thread.QuiescentState(); // nothing pending: the fast path
        qsbr.Dispose();
        Assert.Throws<ObjectDisposedException>(thread.QuiescentState);
    }

    [Fact]
    public void A_grace_period_blocked_on_a_reader_is_woken_by_its_announcement()
    {
        using var qsbr = new QsbrDomain();
        using var registered = new ManualResetEventSlim();
        using var announce = new ManualResetEventSlim();
        using var leave = new ManualResetEventSlim();
        var reader = new Thread(() =>
        {
            using var thread = qsbr.Register();
            registered.Set();
            announce.Wait(); // online and silent: the grace period below must block on this thread
            thread.QuiescentState();
            leave.Wait(); // still online: going offline would wake the writer too
        });
        reader.Start();
        registered.Wait(TestContext.Current.CancellationToken);
        var writer = new Thread(qsbr.Synchronize);
        writer.Start();
        Assert.True(SpinWait.SpinUntil(() => qsbr.WriterBlocked, TimeSpan.FromSeconds(30)), "the grace period never blocked");
        announce.Set();
        Assert.True(writer.Join(TimeSpan.FromSeconds(30)), "the grace period did not end after the announcement");
        leave.Set();
        reader.Join();
        // The announcement found the futex armed and woke the writer; its backstop wakes
        // (every millisecond until then) re-arm the futex and count nothing.
        Assert.Equal(1, qsbr.WriterWakes);
        Assert.False(qsbr.WriterBlocked);
        Assert.Equal(1, qsbr.GracePeriodsCompleted);
    }

    [Fact]
    public void Threads_that_exit_registered_are_pruned()
    {
        using var qsbr = new QsbrDomain();
        var leaker = new Thread(() => qsbr.Register()); // online, never announces, never leaves
        leaker.Start();
        leaker.Join();
        qsbr.Synchronize();
        Assert.Equal(0, qsbr.RegisteredReaders);
    }
}
