using System.Diagnostics.CodeAnalysis;
using Rcuvisor.Backends;
using Rcuvisor.Kvm.Guest;

namespace Rcuvisor.Kvm.Backend;

/// <summary>
/// Linux KVM as a Rcuvisor backend: one <c>/dev/kvm</c> handle that makes VMs running the
/// guest programs as long-mode x86 images (<see cref="GuestImageBuilder"/>).
/// </summary>
public sealed class KvmHypervisor : IHypervisor, IDisposable
{
    private readonly KvmSystem _kvm;

    private KvmHypervisor(KvmSystem kvm)
    {
        _kvm = kvm;
        MaxVcpus = kvm.MaxVcpus;
        MaxVcpuIds = Math.Min(kvm.MaxVcpuId, GuestImageBuilder.MaxVcpuIdLimit + 1);
    }

    public string Name => "kvm";

    /// <summary>The most vCPUs one VM may have on this host (KVM_CAP_MAX_VCPUS).</summary>
    public int MaxVcpus { get; }

    /// <summary>vCPU ids must be below this: the host's KVM_CAP_MAX_VCPU_ID, or the guest image's limit if lower.</summary>
    public int MaxVcpuIds { get; }

    /// <summary>Opens <c>/dev/kvm</c>; false with the reason (absent, permission, API version) when it does not open.</summary>
    public static bool TryOpen([NotNullWhen(true)] out KvmHypervisor? hypervisor, out string reason)
    {
        if (!KvmSystem.TryOpen(out var kvm, out reason))
        {
            hypervisor = null;
            return false;
        }
        hypervisor = new KvmHypervisor(kvm);
        return true;
    }

    /// <summary>Opens <c>/dev/kvm</c>, or throws <see cref="KvmException"/> saying why not.</summary>
    public static KvmHypervisor Open() => new(KvmSystem.Open());

    public IVmBackend CreateVm(GuestProgram program, int maxVcpuId)
    {
        ArgumentNullException.ThrowIfNull(program);
        if (maxVcpuId < 0 || maxVcpuId >= MaxVcpuIds)
            throw new ArgumentOutOfRangeException(nameof(maxVcpuId), maxVcpuId, $"This KVM host takes vCPU ids 0 to {MaxVcpuIds - 1}.");
        return new KvmVmBackend(_kvm, GuestImageBuilder.Build(program, maxVcpuId));
    }

    /// <summary>A VM running a given image (the containment tests' faulting guests, say).</summary>
    public KvmVmBackend CreateVm(GuestImage image) => new(_kvm, image);

    public void Dispose() => _kvm.Dispose();
}
