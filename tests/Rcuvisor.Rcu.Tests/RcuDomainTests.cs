namespace Rcuvisor.Rcu.Tests;

public sealed class RcuDomainTests
{
    [Fact]
    public void Synchronize_waits_for_a_section_that_began_before_it()
    {
        using var rcu = new RcuDomain();
        Holdback.AssertWaitsForSection(
            body =>
            {
                using var _ = rcu.Read();
                body();
            },
            rcu.Synchronize);
    }

    [Fact]
    public void A_nested_exit_keeps_the_outer_section_protected()
    {
        using var rcu = new RcuDomain();
        Holdback.AssertWaitsForSection(
            body =>
            {
                using var outer = rcu.Read();
                using (rcu.Read())
                {
                }
                body();
            },
            rcu.Synchronize);
    }

    [Fact]
    public void Synchronize_without_readers_completes_and_counts()
    {
        using var rcu = new RcuDomain();
        long before = rcu.GracePeriodsCompleted;
        rcu.Synchronize();
        rcu.Synchronize();
        Assert.Equal(before + 2, rcu.GracePeriodsCompleted);
    }

    [Fact]
    public void A_section_in_another_domain_does_not_hold_this_one()
    {
        using var a = new RcuDomain(new GracePeriodOptions { Name = "a" });
        using var b = new RcuDomain(new GracePeriodOptions { Name = "b" });
        using (a.Read())
        {
            var other = new Thread(b.Synchronize);
            other.Start();
            Assert.True(other.Join(TimeSpan.FromSeconds(30)));
            Assert.True(a.InReadSection);
            Assert.False(b.InReadSection);
        }
        Assert.False(a.InReadSection);
    }

    [Fact]
    public void Synchronize_inside_own_section_is_refused()
    {
        using var rcu = new RcuDomain(new GracePeriodOptions { Name = "self" });
        using var _ = rcu.Read();
        var e = Assert.Throws<GracePeriodMisuseException>(rcu.Synchronize);
        Assert.Contains("self", e.Message);
    }

    [Fact]
    public void An_extra_exit_is_refused()
    {
        using var rcu = new RcuDomain();
        var scope = rcu.Read();
        scope.Dispose();
        Assert.Throws<GracePeriodMisuseException>(() => ExitTwice(rcu));
        Assert.Throws<GracePeriodMisuseException>(() => default(RcuReadScope).Dispose());
        Assert.False(rcu.InReadSection);
        rcu.Synchronize(); // the domain is still usable
    }

    private static void ExitTwice(RcuDomain rcu)
    {
        var scope = rcu.Read();
        scope.Dispose();
        scope.Dispose();
    }

    [Fact]
    public void Use_after_dispose_is_refused()
    {
        var rcu = new RcuDomain();
        using (rcu.Read())
        {
        }
        rcu.Dispose();
        rcu.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => { using var _ = rcu.Read(); });
        Assert.Throws<ObjectDisposedException>(rcu.Synchronize);
        Assert.Throws<ObjectDisposedException>(() => rcu.Defer(() => { }));
    }

    [Fact]
    public void Threads_that_exit_leave_no_registration_behind()
    {
        using var rcu = new RcuDomain();
        const int threads = 10_000;
        const int inFlight = 16;
        for (int started = 0; started < threads; started += inFlight)
        {
            var batch = Enumerable.Range(0, inFlight).Select(_ => new Thread(() =>
            {
                using var _ = rcu.Read();
            })).ToArray();
            foreach (var t in batch)
                t.Start();
            foreach (var t in batch)
                t.Join();
        }
        // Registration prunes dead threads as the registry grows; a grace period prunes the rest.
        rcu.Synchronize();
        using (rcu.Read())
        {
        }
        Assert.InRange(rcu.RegisteredReaders, 1, 2 * inFlight + 8);
    }

    [Fact]
    public void A_thread_that_dies_inside_a_section_does_not_block_grace_periods()
    {
        using var rcu = new RcuDomain();
        var leaker = new Thread(() => _ = rcu.Read()); // never disposed: the thread exits inside the section
        leaker.Start();
        leaker.Join();
        rcu.Synchronize();
        Assert.Equal(0, rcu.RegisteredReaders);
    }
}
