using System.Globalization;

namespace Rcuvisor.Bench;

/// <summary>
/// The calling thread's context switches so far, from <c>/proc/thread-self/status</c>:
/// voluntary (it blocked: a wait, a sleep, a thread start) and involuntary (the scheduler
/// preempted it). The difference over a timed call says whether a slow call blocked or was
/// preempted, which on a busy host are the two ways a call of microseconds takes
/// milliseconds. Zero where the file does not exist (not Linux).
/// </summary>
internal readonly record struct ThreadSwitches(long Voluntary, long Involuntary)
{
    private const string StatusPath = "/proc/thread-self/status";

    /// <summary>Reads the counts of the calling thread; read it outside the timed region (a file read costs tens of µs).</summary>
    public static ThreadSwitches OfThisThread()
    {
        if (!File.Exists(StatusPath))
            return default;
        long voluntary = 0, involuntary = 0;
        foreach (var line in File.ReadLines(StatusPath))
        {
            if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                voluntary = ValueOf(line);
            else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                involuntary = ValueOf(line);
        }
        return new ThreadSwitches(voluntary, involuntary);
    }

    public static ThreadSwitches operator -(ThreadSwitches after, ThreadSwitches before) =>
        new(after.Voluntary - before.Voluntary, after.Involuntary - before.Involuntary);

    /// <summary>"blocked 0 times, preempted 1 time".</summary>
    public override string ToString() => $"blocked {Voluntary} times, preempted {Involuntary} times";

    private static long ValueOf(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
}
