namespace Rcuvisor.Execution;

/// <summary>Tunables of one vCPU.</summary>
public sealed class VcpuOptions
{
    /// <summary>Default tunables.</summary>
    public static VcpuOptions Default { get; } = new();

    /// <summary>How long <see cref="Vcpu.Dispose"/> waits for the thread to leave its run loop.</summary>
    public TimeSpan TeardownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Called on the vCPU's thread for <see cref="VcpuRequests.Test"/> with the range of
    /// request tickets this run consumes (first..last, inclusive; coalesced requests share a run).
    /// Internal: a hook for the tests (InternalsVisibleTo), not part of the package's API.
    /// </summary>
    internal Action<Vcpu, long, long>? TestRequestHandler { get; init; }
}
