using Rcuvisor.Bench;
using Xunit;

namespace Rcuvisor.Cli.Tests;

public sealed class ThreadSwitchesTests
{
    [Fact]
    public void A_sleep_counts_as_the_calling_thread_blocking()
    {
        Assert.SkipUnless(File.Exists("/proc/thread-self/status"), "needs Linux's /proc/thread-self/status");
        var before = ThreadSwitches.OfThisThread();
        Thread.Sleep(5); // gives the CPU up: a voluntary switch, counted on this thread only
        var during = ThreadSwitches.OfThisThread() - before;
        Assert.True(during.Voluntary >= 1, $"a 5 ms sleep: {during}");
    }
}
