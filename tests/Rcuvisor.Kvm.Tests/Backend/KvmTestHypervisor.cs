using Rcuvisor.Backends;
using Rcuvisor.Kvm.Backend;
using Rcuvisor.Kvm.Guest;

namespace Rcuvisor.Kvm.Tests.Backend;

/// <summary>
/// KVM for the Vm tests: keeps the VMs it made (to look at parked fds), can run a given
/// image instead of the program's, and lets a test change a vCPU before it starts.
/// </summary>
internal sealed class KvmTestHypervisor : IHypervisor, IDisposable
{
    private readonly KvmHypervisor _kvm = KvmHypervisor.Open();
    private readonly List<KvmVmBackend> _vms = [];

    public string Name => "kvm-test";

    public int MaxVcpus => _kvm.MaxVcpus;

    public int MaxVcpuIds => _kvm.MaxVcpuIds;

    /// <summary>Builds the image to run instead of the program's (a faulting guest, say).</summary>
    public Func<int, GuestImage>? Image { get; init; }

    /// <summary>Runs on each new vCPU before its thread starts.</summary>
    public Action<KvmVcpuBackend>? Prepare { get; init; }

    public KvmVmBackend LastVm => _vms[^1];

    public IVmBackend CreateVm(GuestProgram program, int maxVcpuId)
    {
        var vm = Image is { } image ? _kvm.CreateVm(image(maxVcpuId)) : (KvmVmBackend)_kvm.CreateVm(program, maxVcpuId);
        _vms.Add(vm);
        return Prepare is null ? vm : new Preparing(vm, Prepare);
    }

    public void Dispose() => _kvm.Dispose();

    private sealed class Preparing(KvmVmBackend inner, Action<KvmVcpuBackend> prepare) : IVmBackend
    {
        public GuestProgram Program => inner.Program;

        public IVcpuBackend CreateVcpu(int id)
        {
            var vcpu = (KvmVcpuBackend)inner.CreateVcpu(id);
            prepare(vcpu);
            return vcpu;
        }

        public long GuestInterruptCount(int id) => inner.GuestInterruptCount(id);

        public void Dispose() => inner.Dispose();
    }
}
