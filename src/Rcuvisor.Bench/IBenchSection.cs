using Rcuvisor.Backends;

namespace Rcuvisor.Bench;

/// <summary>
/// One part of the matrix: it measures its cells, then states its verdict and writes
/// its part of the report from the results (the same results.json a later reader has).
/// A new part (end to end, slow path) is a new implementation added to <see cref="BenchPlan"/>.
/// </summary>
internal interface IBenchSection
{
    /// <summary>The section key its cells carry, and the report heading.</summary>
    string Key { get; }

    string Title { get; }

    /// <summary>Progress steps <see cref="Measure"/> will report.</summary>
    int PlannedSteps(BenchMatrix matrix);

    /// <summary>
    /// Runs on the bench thread; throws OperationCanceledException when cancelled. Sections that
    /// create VMs run them on <paramref name="hypervisor"/> and name it in their cells; the others ignore it.
    /// </summary>
    SectionOutcome Measure(BenchMatrix matrix, IHypervisor hypervisor, IBenchProgress progress, CancellationToken cancellationToken);

    /// <summary>The section's lines of the one-screen verdict.</summary>
    IEnumerable<string> Verdict(BenchResults results);

    void WriteReport(MarkdownDocument report, BenchResults results, ChartWriter charts);
}
