namespace Rcuvisor.Execution;

/// <summary>What became of one <see cref="IrqLine.Signal"/>.</summary>
public enum IrqSignalResult
{
    /// <summary>Queued at the target vCPU, which will inject it exactly once (or count it abandoned if torn down first).</summary>
    Queued,
    /// <summary>No vCPU has the line's target id (never created, or removed): counted as dropped.</summary>
    DroppedNoTarget,
}
