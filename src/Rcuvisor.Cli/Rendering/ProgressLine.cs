using Rcuvisor.Rcu.Torture;

namespace Rcuvisor.Cli.Rendering;

/// <summary>The one-line progress text, the same on a terminal and in a log.</summary>
internal static class ProgressLine
{
    public static string Starting(string domain) => $"{domain}: starting";

    public static string Format(string domain, TimeSpan duration, TortureProgress progress) =>
        $"{domain}: {progress.Elapsed.TotalSeconds,5:0.0}/{duration.TotalSeconds:0} s"
        + $"  grace periods {progress.GracePeriods:N0}"
        + $"  reads {progress.Reads:N0}"
        + $"  violations {progress.Violations:N0}";
}
