namespace Rcuvisor.Kvm.Tests;

/// <summary>A one-vCPU VM in 16-bit real mode (cs = 0, rip = 0x1000) running the given code; KVM tests only.</summary>
internal sealed class RealModeVm : IDisposable
{
    public const ulong CodeAddress = 0x1000;

    public RealModeVm(byte[] code)
    {
        Kvm = KvmSystem.Open();
        Memory = new GuestMemoryMapping(0x10000);
        code.CopyTo(Memory.Slice(CodeAddress, code.Length));
        Vm = Kvm.CreateVm();
        Vm.SetUserMemoryRegion(0, 0, Memory);
        Vcpu = Vm.CreateVcpu(0);
        KvmSregs sregs = Vcpu.GetSregs();
        sregs.Cs.Base = 0;
        sregs.Cs.Selector = 0;
        Vcpu.SetSregs(sregs);
        Vcpu.SetRegs(new KvmRegs { Rip = CodeAddress, Rflags = 0x2 });
    }

    public KvmSystem Kvm { get; }

    public GuestMemoryMapping Memory { get; }

    public KvmVmFd Vm { get; }

    public KvmVcpuFd Vcpu { get; }

    public void Dispose()
    {
        Vcpu.Dispose();
        Vm.Dispose();
        Memory.Dispose();
        Kvm.Dispose();
    }
}
