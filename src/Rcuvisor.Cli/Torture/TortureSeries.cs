using Rcuvisor.Cli.Rendering;
using Rcuvisor.Rcu.Torture;

namespace Rcuvisor.Cli.Torture;

/// <summary>Tortures domains one after another with the same options; stops early when cancelled. Shown on a display, or quietly (for --json) without one.</summary>
internal sealed class TortureSeries(IReadOnlyList<string> domains, TortureOptions options)
{
    public TortureOptions Options => options;

    public TortureSeriesOutcome Run(TortureDisplay? display, CancellationToken cancellationToken)
    {
        options.Validate(); // before anything is printed: a bad option is an argument error, not a run
        display?.ShowPlan(domains, options);
        var results = new List<TortureResult>();
        foreach (var name in domains)
        {
            if (cancellationToken.IsCancellationRequested)
                break;
            using var subject = TortureSubject.Create(name);
            var result = display is null
                ? TortureRun.Execute(subject, options, progress: null, cancellationToken)
                : display.Track(name, options.Duration, progress => TortureRun.Execute(subject, options, progress, cancellationToken));
            display?.ShowResult(result, cancellationToken.IsCancellationRequested);
            results.Add(result);
        }
        return new TortureSeriesOutcome(results, cancellationToken.IsCancellationRequested);
    }
}
