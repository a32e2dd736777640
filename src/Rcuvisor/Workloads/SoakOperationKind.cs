namespace Rcuvisor.Workloads;

/// <summary>What one step of a soak does.</summary>
public enum SoakOperationKind
{
    /// <summary>CreateVcpu of a free id.</summary>
    Plug,
    /// <summary>DestroyVcpu of a live id.</summary>
    Unplug,
    /// <summary>Stop the storms, Pause, and audit every interrupt.</summary>
    Pause,
    /// <summary>Resume a paused VM.</summary>
    Resume,
    /// <summary>A burst of interrupt-line signals from a few foreign threads, left running while the next steps go on.</summary>
    IrqStorm,
}
