namespace Rcuvisor.Workloads;

/// <summary>Where a soak failed: the step (null for the final audit or teardown) and what went wrong.</summary>
public sealed record SoakFailure(SoakStep? Step, string Message)
{
    /// <summary>The step (or the end) and what failed, as the CLI prints it.</summary>
    public override string ToString() => $"{Step?.ToString() ?? "after the last step"}: {Message}";
}
