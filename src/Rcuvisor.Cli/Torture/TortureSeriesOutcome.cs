using Rcuvisor.Rcu.Torture;

namespace Rcuvisor.Cli.Torture;

/// <summary>The results of a series, and whether it was cut short (Ctrl+C).</summary>
internal sealed record TortureSeriesOutcome(IReadOnlyList<TortureResult> Results, bool Cancelled)
{
    public bool Passed => Results.All(r => r.Passed);
}
