using System.Diagnostics;
using Rcuvisor.Rcu;

namespace Rcuvisor.Bench;

/// <summary>
/// One run of liburcu's test_urcu shape on one domain: N reader threads and one updater,
/// created afresh, started together, stopped after the run time (and not before every
/// thread has counted one operation); reads and updates per second of the run.
/// </summary>
internal static class ReadersUpdaterRun
{
    /// <summary>One run of <paramref name="readers"/> readers and an updater on <paramref name="domain"/> (RCU or QSBR).</summary>
    public static (double ReadsPerSecond, double UpdatesPerSecond) Measure(GracePeriodDomain domain, int readers, TimeSpan runTime)
    {
        var state = new ReadersUpdaterState();
        var reads = new long[readers];
        long updates = 0;
        var threads = new List<Thread>();
        using (var ready = new CountdownEvent(readers + 1))
        {
            for (int i = 0; i < readers; i++)
            {
                int slot = i;
                threads.Add(Start($"bench-urcu-reader-{i}", () => reads[slot] = RunReader(domain, state, ready)));
            }
            threads.Add(Start("bench-urcu-updater", () =>
            {
                ready.Signal();
                state.WaitForGo();
                updates = ReadersUpdaterLoops.Updater(domain, state);
            }));
            ready.Wait(); // every reader registered: thread start-up is not part of the run
        }
        long start = Stopwatch.GetTimestamp();
        state.Start();
        while (state.Counting < readers + 1 || Stopwatch.GetElapsedTime(start) < runTime)
            Thread.Sleep(1);
        state.Finish();
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        foreach (var thread in threads)
            thread.Join();
        return (reads.Sum() / seconds, updates / seconds);
    }

    /// <summary>On the reader thread: register, wait for the start, read until the stop, leave.</summary>
    private static long RunReader(GracePeriodDomain domain, ReadersUpdaterState state, CountdownEvent ready)
    {
        switch (domain)
        {
            case RcuDomain rcu:
                using (rcu.Read())
                {
                    // registers this thread's slot before the clock starts
                }
                ready.Signal();
                state.WaitForGo();
                return ReadersUpdaterLoops.RcuReader(rcu, state);
            case QsbrDomain qsbr:
                // Online from here: the updater does not synchronize before the start either.
                using (var thread = qsbr.Register())
                {
                    ready.Signal();
                    state.WaitForGo();
                    return ReadersUpdaterLoops.QsbrReader(thread, state);
                }
            default:
                throw new ArgumentException($"No readers-and-updater loop for {domain.GetType().Name}.", nameof(domain));
        }
    }

    private static Thread Start(string name, Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }
}
