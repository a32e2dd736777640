namespace Rcuvisor.Rcu.Tests;

/// <summary>
/// Shows that a wait for a grace period does not end before a read section that began
/// earlier. A reader thread enters a section, lets the waiter start, holds the section
/// for 50 ms (long enough that a wait which does not wait ends inside it) and logs its
/// exit. The assertion is on the order of events, never on durations.
/// </summary>
internal static class Holdback
{
    /// <param name="readSection">Runs its argument inside one read section, on the calling thread.</param>
    /// <param name="wait">The grace-period wait under test, run on another thread.</param>
    public static void AssertWaitsForSection(Action<Action> readSection, Action wait)
    {
        var log = new EventLog();
        using var inSection = new ManualResetEventSlim();
        var reader = new Thread(() => readSection(() =>
        {
            inSection.Set();
            SpinWait.SpinUntil(() => log.IndexOf("wait-start") >= 0);
            Thread.Sleep(50);
            log.Add("section-exit"); // the real exit follows at once
        }));
        reader.Start();
        inSection.Wait();
        var waiter = new Thread(() =>
        {
            log.Add("wait-start");
            wait();
            log.Add("wait-end");
        });
        waiter.Start();
        Assert.True(reader.Join(TimeSpan.FromSeconds(30)), "the reader never left its section");
        Assert.True(waiter.Join(TimeSpan.FromSeconds(30)), "the wait never ended after the section exited");
        log.AssertOrder("section-exit", "wait-end");
    }
}
