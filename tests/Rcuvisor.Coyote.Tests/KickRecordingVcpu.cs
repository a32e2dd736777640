using Microsoft.Coyote.Runtime;
using Microsoft.Coyote.Specifications;
using Rcuvisor.Backends;

namespace Rcuvisor.Coyote.Tests;

/// <summary>
/// Forwards to the simulated vCPU, and fails the Coyote iteration when <see cref="Kick"/>
/// lands after <see cref="Dispose"/>: on KVM that kick would signal a thread (or close an
/// fd) that may be gone. The flag is read with <see cref="Volatile"/>, which the rewritten
/// code makes a scheduling point, so Coyote can run the whole Dispose in the gap between a
/// kicker's mode CAS and this call.
/// </summary>
internal sealed class KickRecordingVcpu(IVcpuBackend inner, KickRecordingHypervisor recorder) : IVcpuBackend
{
    private const int PreemptionPoints = 50;
    private int _disposed;

    public int Id => inner.Id;

    public bool CanTakeInterrupt => inner.CanTakeInterrupt;

    public bool HasUntakenInterrupt => inner.HasUntakenInterrupt;

    public void AttachThread() => inner.AttachThread();

    public void DetachThread() => inner.DetachThread();

    public VcpuExit Run() => inner.Run();

    public bool TryInjectInterrupt() => inner.TryInjectInterrupt();

    public void CompleteRead(ulong value) => inner.CompleteRead(value);

    public void RequestInterruptWindow() => inner.RequestInterruptWindow();

    public void Kick()
    {
        // A kicker can be preempted here, between winning the mode CAS and reaching the
        // backend, for as long as the host likes: model that with scheduling points, so
        // the scheduler may run a whole Dispose of this vCPU before the kick lands.
        for (int i = 0; i < PreemptionPoints; i++)
            SchedulingPoint.Yield();
        if (Volatile.Read(ref _disposed) != 0)
        {
            recorder.RecordKickAfterDispose(Id);
            Specification.Assert(false, $"defect 2: vCPU {Id}'s backend was kicked after it was disposed");
        }
        inner.Kick();
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, 1);
        inner.Dispose();
    }
}
