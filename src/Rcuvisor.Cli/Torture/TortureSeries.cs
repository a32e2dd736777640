using Rcuvisor.Cli.Rendering;
using Rcuvisor.Rcu.Torture;

namespace Rcuvisor.Cli.Torture;

/// <summary>Tortures domains one after another with the same options; stops early when cancelled.</summary>
internal sealed class TortureSeries(IReadOnlyList<string> domains, TortureOptions options)
{
    public TortureSeriesOutcome Run(TortureDisplay display, CancellationToken cancellationToken)
    {
        options.Validate(); // before anything is printed: a bad option is an argument error, not a run
        display.ShowPlan(domains, options);
        var results = new List<TortureResult>();
        foreach (var name in domains)
        {
            if (cancellationToken.IsCancellationRequested)
                break;
            using var subject = TortureSubject.Create(name);
            var result = display.Track(name, options.Duration,
                progress => TortureRun.Execute(subject, options, progress, cancellationToken));
            bool cut = cancellationToken.IsCancellationRequested;
            display.ShowResult(result, cut);
            results.Add(result);
        }
        return new TortureSeriesOutcome(results, cancellationToken.IsCancellationRequested);
    }
}
