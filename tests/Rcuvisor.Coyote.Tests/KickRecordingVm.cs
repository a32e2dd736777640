using Rcuvisor.Backends;

namespace Rcuvisor.Coyote.Tests;

/// <summary>A backend VM whose vCPUs are <see cref="KickRecordingVcpu"/>s around the inner VM's.</summary>
internal sealed class KickRecordingVm(IVmBackend inner, KickRecordingHypervisor recorder) : IVmBackend
{
    public GuestProgram Program => inner.Program;

    public IVcpuBackend CreateVcpu(int id) => new KickRecordingVcpu(inner.CreateVcpu(id), recorder);

    public long GuestInterruptCount(int id) => inner.GuestInterruptCount(id);

    public void Dispose() => inner.Dispose();
}
