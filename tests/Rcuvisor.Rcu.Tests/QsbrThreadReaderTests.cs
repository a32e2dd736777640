namespace Rcuvisor.Rcu.Tests;

/// <summary><see cref="QsbrThread.Reader"/>: the handle's quiescent states with the owner checked once, when the reader is taken.</summary>
public sealed class QsbrThreadReaderTests
{
    [Fact]
    public void Synchronize_waits_for_a_thread_reader_to_announce()
    {
        using var qsbr = new QsbrDomain();
        Holdback.AssertWaitsForSection(
            body =>
            {
                using var thread = qsbr.Register();
                var reader = thread.Reader();
                body();
                reader.QuiescentState();
            },
            qsbr.Synchronize);
    }

    [Fact]
    public void A_thread_reader_polling_sees_each_new_grace_period()
    {
        QsbrPolling.AssertSeesEachGracePeriod((thread, stopped) =>
        {
            var reader = thread.Reader();
            while (!stopped())
                reader.QuiescentState();
        });
    }

    [Fact]
    public void A_reader_is_taken_only_on_the_registered_thread()
    {
        using var qsbr = new QsbrDomain();
        using var thread = qsbr.Register();
        Exception? fromOtherThread = null;
        var other = new Thread(() => fromOtherThread = Record.Exception(() => thread.Reader()));
        other.Start();
        other.Join();
        Assert.IsType<GracePeriodMisuseException>(fromOtherThread);
    }

    [Fact]
    public void An_offline_left_or_closed_thread_reader_is_refused()
    {
        var qsbr = new QsbrDomain();
        var thread = qsbr.Register();
        var reader = thread.Reader();
        Assert.Null(Announce(reader)); // nothing pending: the fast path
        thread.Offline();
        Assert.IsType<GracePeriodMisuseException>(Announce(reader));
        thread.Online();
        Assert.Null(Announce(reader));
        qsbr.Dispose();
        Assert.IsType<ObjectDisposedException>(Announce(reader));

        using var other = new QsbrDomain();
        var left = other.Register();
        var stale = left.Reader();
        left.Dispose();
        Assert.IsType<ObjectDisposedException>(Announce(stale));
    }

    [Fact]
    public void A_default_thread_reader_is_refused()
    {
        Assert.IsType<GracePeriodMisuseException>(Announce(default));
    }

    // A ref struct cannot be captured by a lambda (that is what keeps it on its thread), so no Assert.Throws.
    private static Exception? Announce(QsbrThreadReader reader)
    {
        try
        {
            reader.QuiescentState();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
