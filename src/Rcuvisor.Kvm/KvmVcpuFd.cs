using System.Runtime.InteropServices;
using Rcuvisor.Kvm.Interop;

namespace Rcuvisor.Kvm;

/// <summary>
/// One vCPU's fd (kvm-ioctls' <c>VcpuFd</c>), made by <see cref="KvmVmFd.CreateVcpu"/>,
/// with its kvm_run page (<see cref="RunState"/>) and its <see cref="Kicker"/>. Everything
/// here is for the vCPU's own thread except <see cref="Kicker"/>'s Kick.
/// </summary>
public sealed unsafe class KvmVcpuFd : IDisposable
{
    private readonly FileDescriptorHandle _fd;

    internal KvmVcpuFd(FileDescriptorHandle fd, int id, int mmapSize)
    {
        _fd = fd;
        Id = id;
        Target = $"vcpu {id} (fd {fd.Number})";
        RunState = KvmRunMapping.Map(fd, mmapSize, Target);
        try
        {
            Kicker = new VcpuKicker(RunState);
        }
        catch
        {
            RunState.Dispose();
            throw;
        }
    }

    /// <summary>The vCPU id it was created with.</summary>
    public int Id { get; }

    /// <summary>"vcpu N (fd M)", as errors name it.</summary>
    public string Target { get; }

    /// <summary>The mapped kvm_run page: interrupt flags, immediate_exit, I/O and MMIO data.</summary>
    public KvmRunMapping RunState { get; }

    /// <summary>Kicks this vCPU from any thread (Bind/Unbind by the vCPU thread).</summary>
    public VcpuKicker Kicker { get; }

    /// <summary>
    /// KVM_RUN until the guest exits; the exit decoded. EINTR (a kick: immediate_exit, the
    /// kick signal) is <see cref="KvmExitReason.Intr"/>, EAGAIN is <see cref="KvmExitReason.Again"/>,
    /// any other errno throws <see cref="KvmException"/>. Allocates nothing.
    /// </summary>
    public KvmExit Run()
    {
        bool added = false;
        RunState.Handle.DangerousAddRef(ref added); // the page stays mapped until the exit is decoded
        try
        {
            if (Libc.IoctlValue(_fd, KvmIoctls.Run, 0) == 0)
            {
                return RunState.DecodeExit();
            }
            int errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                Errno.EINTR => KvmExit.Interrupted(),
                Errno.EAGAIN => KvmExit.Again,
                _ => throw new KvmException("KVM_RUN", Target, errno),
            };
        }
        finally
        {
            RunState.Handle.DangerousRelease();
        }
    }

    /// <summary>Clears immediate_exit with a full fence after an Intr exit, before reading requests (see <see cref="KvmRunMapping.ClearImmediateExit"/>).</summary>
    public void ClearImmediateExit() => RunState.ClearImmediateExit();

    /// <summary>KVM_GET_REGS.</summary>
    public KvmRegs GetRegs()
    {
        KvmRegs regs;
        // SAFETY: &regs is a local of the size KVM_GET_REGS encodes; KVM writes all of it.
        Check(Libc.Ioctl(_fd, KvmIoctls.GetRegs, &regs), "KVM_GET_REGS");
        return regs;
    }

    /// <summary>KVM_SET_REGS.</summary>
    public void SetRegs(in KvmRegs regs)
    {
        // SAFETY: regs is pinned for the call (a fixed in-parameter) and of the size KVM_SET_REGS encodes; KVM only reads it.
        fixed (KvmRegs* p = &regs)
        {
            Check(Libc.Ioctl(_fd, KvmIoctls.SetRegs, p), "KVM_SET_REGS");
        }
    }

    /// <summary>KVM_GET_SREGS.</summary>
    public KvmSregs GetSregs()
    {
        KvmSregs sregs;
        // SAFETY: &sregs is a local of the size KVM_GET_SREGS encodes; KVM writes all of it.
        Check(Libc.Ioctl(_fd, KvmIoctls.GetSregs, &sregs), "KVM_GET_SREGS");
        return sregs;
    }

    /// <summary>KVM_SET_SREGS (EINVAL for inconsistent modes, e.g. EFER.LME without LMA under paging).</summary>
    public void SetSregs(in KvmSregs sregs)
    {
        // SAFETY: sregs is pinned for the call and of the size KVM_SET_SREGS encodes; KVM only reads it.
        fixed (KvmSregs* p = &sregs)
        {
            Check(Libc.Ioctl(_fd, KvmIoctls.SetSregs, p), "KVM_SET_SREGS");
        }
    }

    /// <summary>KVM_SET_CPUID2: the CPUID table the guest sees (where its CPUID is emulated).</summary>
    public void SetCpuid2(ReadOnlySpan<KvmCpuidEntry2> entries)
    {
        int bytes = sizeof(KvmCpuid2) + entries.Length * sizeof(KvmCpuidEntry2);
        byte* buffer = (byte*)NativeMemory.AllocZeroed((nuint)bytes);
        try
        {
            // SAFETY: buffer holds the header and entries.Length entries; nent says exactly that.
            ((KvmCpuid2*)buffer)->Nent = (uint)entries.Length;
            entries.CopyTo(new Span<KvmCpuidEntry2>(buffer + sizeof(KvmCpuid2), entries.Length));
            Check(Libc.Ioctl(_fd, KvmIoctls.SetCpuid2, buffer), "KVM_SET_CPUID2", $"{entries.Length} entries");
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }

    /// <summary>
    /// KVM_INTERRUPT (userspace irqchip only; ENXIO with an in-kernel one): the guest takes
    /// <paramref name="vector"/> at its next entry. Only when <see cref="KvmRunMapping.ReadyForInterruptInjection"/>;
    /// otherwise set <see cref="KvmRunMapping.RequestInterruptWindow"/> and wait for IrqWindowOpen.
    /// </summary>
    public void Interrupt(byte vector)
    {
        var interrupt = new KvmInterrupt { Irq = vector };
        // SAFETY: &interrupt is a local of the size KVM_INTERRUPT encodes; KVM only reads it.
        Check(Libc.Ioctl(_fd, KvmIoctls.Interrupt, &interrupt), "KVM_INTERRUPT", $"vector {vector}");
    }

    /// <summary>KVM_GET_VCPU_EVENTS: <c>InterruptInjected</c> != 0 means an injected interrupt is not yet taken.</summary>
    public KvmVcpuEvents GetVcpuEvents()
    {
        KvmVcpuEvents events;
        // SAFETY: &events is a local of the size KVM_GET_VCPU_EVENTS encodes; KVM writes all of it.
        Check(Libc.Ioctl(_fd, KvmIoctls.GetVcpuEvents, &events), "KVM_GET_VCPU_EVENTS");
        return events;
    }

    /// <summary>KVM_SET_VCPU_EVENTS (flags 0: the pending events as given, the others as they are).</summary>
    public void SetVcpuEvents(in KvmVcpuEvents events)
    {
        fixed (KvmVcpuEvents* p = &events)
        {
            // SAFETY: p points at a caller's struct of the size KVM_SET_VCPU_EVENTS encodes; KVM only reads it.
            Check(Libc.Ioctl(_fd, KvmIoctls.SetVcpuEvents, p), "KVM_SET_VCPU_EVENTS");
        }
    }

    /// <summary>KVM_GET_MP_STATE.</summary>
    public VcpuMpState GetMpState()
    {
        KvmMpState state;
        // SAFETY: &state is a local of the size KVM_GET_MP_STATE encodes; KVM writes all of it.
        Check(Libc.Ioctl(_fd, KvmIoctls.GetMpState, &state), "KVM_GET_MP_STATE");
        return (VcpuMpState)state.MpState;
    }

    /// <summary>Unmaps kvm_run and closes the fd (KVM frees the vCPU only with its VM).</summary>
    public void Dispose()
    {
        RunState.Dispose();
        _fd.Dispose();
    }

    private void Check(int result, string call, string? detail = null)
    {
        if (result != 0)
        {
            throw KvmException.FromLastError(call, Target, detail);
        }
    }
}
