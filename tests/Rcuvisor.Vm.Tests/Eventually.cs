namespace Rcuvisor.VmTests;

/// <summary>
/// Waits for a condition the system must reach, with a generous bound that only turns a
/// hang into a failure. Never an assertion about how long anything takes.
/// </summary>
internal static class Eventually
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30); // 10 s was within reach of a stressed 2-core host

    public static void True(Func<bool> condition, Func<string> whatWasExpected)
    {
        long deadline = Environment.TickCount64 + (long)Bound.TotalMilliseconds;
        var spin = new SpinWait();
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
                Assert.Fail($"not reached within {Bound.TotalSeconds} s: {whatWasExpected()}");
            if (spin.Count < 20)
                spin.SpinOnce(sleep1Threshold: -1);
            else
                Thread.Sleep(1);
        }
    }
}
