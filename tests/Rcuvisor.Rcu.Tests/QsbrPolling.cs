namespace Rcuvisor.Rcu.Tests;

/// <summary>
/// A registered thread that announces quiescent states in a loop must notice every new grace
/// period, though most of its calls take the fast path (nothing pending, nothing stored):
/// otherwise the grace periods below would never end.
/// </summary>
internal static class QsbrPolling
{
    /// <param name="poll">Runs on the registered thread: announces until its second argument returns true.</param>
    public static void AssertSeesEachGracePeriod(Action<QsbrThread, Func<bool>> poll)
    {
        using var qsbr = new QsbrDomain();
        using var registered = new ManualResetEventSlim();
        bool stop = false;
        var poller = new Thread(() =>
        {
            using var thread = qsbr.Register();
            registered.Set();
            poll(thread, () => Volatile.Read(ref stop));
        });
        poller.Start();
        registered.Wait(TestContext.Current.CancellationToken);
        for (int i = 0; i < 100; i++)
            qsbr.Synchronize();
        Volatile.Write(ref stop, true);
        poller.Join();
        Assert.Equal(100, qsbr.GracePeriodsCompleted);
    }
}
