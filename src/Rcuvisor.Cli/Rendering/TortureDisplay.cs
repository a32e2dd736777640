using Rcuvisor.Rcu.Torture;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>How a torture series shows itself: the plan, a progress line while a domain runs, and a result table after it.</summary>
internal sealed class TortureDisplay(TextWriter output) : CommandDisplay(output)
{
    public static TortureDisplay For(TextWriter output) => new(output);

    public void ShowPlan(IReadOnlyList<string> domains, TortureOptions options) =>
        Console.WriteLine(
            $"torture {string.Join(", ", domains)}: {options.Duration.TotalSeconds:0.###} s each, "
            + $"{options.Readers} readers, {options.FakeWriters} fake writers, max pipe {options.MaxPipe}");

    /// <summary>Runs <paramref name="run"/>, showing the progress it reports.</summary>
    public TortureResult Track(string domain, TimeSpan duration, Func<IProgress<TortureProgress>, TortureResult> run) =>
        Progress.Track(ProgressLine.Starting(domain), (TortureProgress p) => ProgressLine.Format(domain, duration, p), run);

    public void ShowResult(TortureResult result, bool cancelled) =>
        Console.Write(TortureResultTable.Build(result, cancelled));
}
