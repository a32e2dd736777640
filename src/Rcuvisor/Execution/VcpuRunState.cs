namespace Rcuvisor.Execution;

/// <summary>The states of a vCPU's run loop (see the diagram in Vcpu.RunLoop.cs).</summary>
public enum VcpuRunState
{
    /// <summary>Created; its thread has not started.</summary>
    NotStarted,
    /// <summary>Entering guest mode: mode=InGuest, then the request check, then interrupt injection.</summary>
    Entering,
    /// <summary>Outside guest mode, consuming pending requests.</summary>
    HandlingRequests,
    /// <summary>In <c>backend.Run()</c>.</summary>
    Running,
    /// <summary>Outside guest mode, handling the exit the backend returned.</summary>
    HandlingExit,
    /// <summary>The guest halted with nothing to deliver: blocked until an interrupt or a request.</summary>
    Halted,
    /// <summary>Paused: blocked until a request (Resume or Stop).</summary>
    Parked,
    /// <summary>The thread has left the run loop.</summary>
    Exited,
}
