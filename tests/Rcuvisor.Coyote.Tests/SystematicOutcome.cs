namespace Rcuvisor.Coyote.Tests;

/// <summary>
/// What one Coyote exploration found: iterations asked for, bugs, the iteration that found
/// the first one, its report, and where its readable trace was written.
/// </summary>
internal sealed record SystematicOutcome(
    string Name, uint Iterations, int BugsFound, int? FirstBugIteration, string? FirstBug, string? TracePath, long MaxSteps)
{
    public override string ToString() => BugsFound == 0
        ? $"{Name}: no bug in {Iterations} iterations (seed {SystematicRun.Seed}; at most {MaxSteps} scheduling steps in one)"
        : $"{Name}: bug found at iteration {FirstBugIteration} of {Iterations} (seed {SystematicRun.Seed}): {FirstBug} Trace: {TracePath}";
}
