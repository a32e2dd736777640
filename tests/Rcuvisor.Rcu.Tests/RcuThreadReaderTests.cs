namespace Rcuvisor.Rcu.Tests;

/// <summary><see cref="RcuDomain.ThreadReader"/>: the same sections as <see cref="RcuDomain.Read"/>, the slot found once.</summary>
public sealed class RcuThreadReaderTests
{
    [Fact]
    public void Synchronize_waits_for_a_thread_reader_section_that_began_before_it()
    {
        using var rcu = new RcuDomain();
        Holdback.AssertWaitsForSection(
            body =>
            {
                var reader = rcu.ThreadReader();
                using var _ = reader.Read();
                body();
            },
            rcu.Synchronize);
    }

    [Fact]
    public void A_thread_reader_and_Read_share_the_thread_slot_and_nest()
    {
        using var rcu = new RcuDomain();
        var reader = rcu.ThreadReader();
        Assert.Equal(1, rcu.RegisteredReaders);
        using (reader.Read())
        {
            using (rcu.Read())
                Assert.True(rcu.InReadSection);
            Assert.True(rcu.InReadSection); // the inner exit left the outer section in place
            Assert.Throws<GracePeriodMisuseException>(rcu.Synchronize);
        }
        Assert.False(rcu.InReadSection);
        using (rcu.Read())
        {
        }
        Assert.Equal(1, rcu.RegisteredReaders); // one slot for both ways in
        rcu.Synchronize();
    }

    [Fact]
    public void A_default_thread_reader_is_refused()
    {
        Assert.IsType<GracePeriodMisuseException>(ReadOnce(default));
    }

    [Fact]
    public void A_thread_reader_of_a_disposed_domain_is_refused()
    {
        var rcu = new RcuDomain();
        var reader = rcu.ThreadReader();
        using (reader.Read())
        {
        }
        rcu.Dispose();
        Assert.IsType<ObjectDisposedException>(ReadOnce(reader));
        Assert.Throws<ObjectDisposedException>(() => rcu.ThreadReader());
    }

    // A ref struct cannot be captured by a lambda (that is what keeps it on its thread), so no Assert.Throws.
    private static Exception? ReadOnce(RcuThreadReader reader)
    {
        try
        {
            using var _ = reader.Read();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
