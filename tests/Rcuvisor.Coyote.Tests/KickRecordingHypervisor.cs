using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;

namespace Rcuvisor.Coyote.Tests;

/// <summary>
/// The simulated CPU, with every vCPU backend wrapped in a <see cref="KickRecordingVcpu"/>:
/// the one thing the simulated CPU cannot show is a kick that reaches a backend after it
/// was disposed (its Kick is a harmless store; KVM's would signal a thread that may be gone).
/// </summary>
internal sealed class KickRecordingHypervisor : IHypervisor
{
    private readonly SimulatedHypervisor _inner = new();
    private long _kicksAfterDispose;

    public string Name => "sim+kick-recording";

    /// <summary>Kicks that reached a disposed backend, over every VM this made.</summary>
    public long KicksAfterDispose => Volatile.Read(ref _kicksAfterDispose);

    /// <summary>What the first late kick said (vCPU id, who kicked), for the bug report.</summary>
    public string? FirstKickAfterDispose { get; private set; }

    public IVmBackend CreateVm(GuestProgram program, int maxVcpuId) => new KickRecordingVm(_inner.CreateVm(program, maxVcpuId), this);

    internal void RecordKickAfterDispose(int id)
    {
        if (Interlocked.Increment(ref _kicksAfterDispose) == 1)
            FirstKickAfterDispose = $"vCPU {id}'s backend was kicked after Dispose, from thread '{Thread.CurrentThread.Name}'";
    }
}
