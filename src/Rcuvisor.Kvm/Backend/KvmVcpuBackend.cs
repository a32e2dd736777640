using Rcuvisor.Backends;
using Rcuvisor.Kvm.Guest;

namespace Rcuvisor.Kvm.Backend;

/// <summary>
/// One KVM vCPU as the core's backend vCPU: <c>KVM_RUN</c> with its exit decoded into a
/// <see cref="VcpuExit"/>, interrupts without an in-kernel irqchip (<c>KVM_INTERRUPT</c>
/// when <c>ready_for_interrupt_injection</c> and IF allow, else <c>request_interrupt_window</c>),
/// and kicks by <c>immediate_exit</c> plus a real-time signal (<see cref="VcpuKicker"/>).
/// </summary>
/// <remarks>
/// Delivery is what the guest took, not what was injected: with <c>immediate_exit</c> set,
/// <c>KVM_RUN</c> returns before entry and an injected interrupt stays queued in KVM. After
/// each run the interrupt counts as taken when <c>ready_for_interrupt_injection</c> is set
/// (KVM sets it only with no event awaiting injection), else when
/// <c>KVM_GET_VCPU_EVENTS</c> shows none injected: one extra ioctl, only in that case.
/// </remarks>
public sealed class KvmVcpuBackend : IVcpuBackend
{
    private const string InternalErrorReason = "KVM_EXIT_INTERNAL_ERROR: KVM could not emulate a guest instruction";
    private const string FailEntryReason = "KVM_EXIT_FAIL_ENTRY: the hardware refused to enter the guest";
    private const string UnknownExitReason = "KVM_EXIT_UNKNOWN or an exit this VMM does not handle";
    private const string SystemEventReason = "KVM_EXIT_SYSTEM_EVENT: the guest asked for a reset or power-off";

    private readonly KvmVmBackend _vm;
    private readonly KvmVcpuFd _fd;
    private KvmExitReason _lastReason; // vCPU thread only
    private bool _injected;            // vCPU thread only: an injected interrupt not yet seen taken
    private int _disposed;

    internal KvmVcpuBackend(KvmVmBackend vm, KvmVcpuFd fd)
    {
        _vm = vm;
        _fd = fd;
    }

    public int Id => _fd.Id;

    /// <summary>The vCPU fd, for tests that set up a faulting guest.</summary>
    internal KvmVcpuFd Fd => _fd;

    /// <summary>The last exit's raw decoding, for tests and diagnostics; vCPU thread.</summary>
    public KvmExitReason LastExitReason => _lastReason;

    public bool CanTakeInterrupt => !_injected && _fd.RunState.ReadyForInterruptInjection && _fd.RunState.IfFlag;

    public bool HasUntakenInterrupt => _injected;

    public void AttachThread() => _fd.Kicker.Bind();

    public void DetachThread() => _fd.Kicker.Unbind();

    public void Kick() => _fd.Kicker.Kick();

    public bool TryInjectInterrupt()
    {
        if (!CanTakeInterrupt)
        {
            _fd.RunState.RequestInterruptWindow = true; // KVM_EXIT_IRQ_WINDOW_OPEN once IF and the shadow allow
            return false;
        }
        _fd.Interrupt(GuestImage.InterruptVector);
        _fd.RunState.RequestInterruptWindow = false;
        _injected = true;
        return true;
    }

    public void CompleteRead(ulong value)
    {
        if (_lastReason == KvmExitReason.Io)
            _fd.RunState.CompleteIoIn((uint)value);
        else if (_lastReason == KvmExitReason.Mmio)
            _fd.RunState.CompleteMmioRead(value);
    }

    public VcpuExit Run()
    {
        var exit = _fd.Run();
        _lastReason = exit.Reason;
        // A shutdown (the delivery itself may have triple-faulted) reached no handler: the
        // interrupt stays untaken, to be counted abandoned at teardown.
        if (_injected && exit.Reason != KvmExitReason.Shutdown && WasTaken())
            _injected = false;
        return Translate(exit);
    }

    /// <summary>Sets the registers a fresh vCPU of <paramref name="image"/> starts with, and clears what a parked one left behind.</summary>
    internal void Reset(GuestImage image)
    {
        _fd.SetSregs(SystemRegisters(image.Cpu));
        _fd.SetRegs(GeneralRegisters(image.RegistersFor(Id)));
        var events = _fd.GetVcpuEvents();
        if (events.InterruptInjected != 0)
        {
            events.InterruptInjected = 0; // an interrupt injected into the previous occupant and never taken
            _fd.SetVcpuEvents(events);
        }
        _fd.RunState.RequestInterruptWindow = false;
        _fd.ClearImmediateExit(); // a kick aimed at the previous occupant
    }

    /// <summary>Parks the fd in its VM for the id's return; the thread has ended, so no kick can reach it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _vm.Park(_fd);
    }

    private bool WasTaken() =>
        _fd.RunState.ReadyForInterruptInjection || _fd.GetVcpuEvents().InterruptInjected == 0;

    private VcpuExit Translate(in KvmExit exit)
    {
        switch (exit.Reason)
        {
            case KvmExitReason.Intr:
                _fd.ClearImmediateExit(); // full fence, before the core reads its requests
                return VcpuExit.Interrupted;
            case KvmExitReason.Again:
                return VcpuExit.Interrupted; // nothing ran: look at requests, then enter again
            case KvmExitReason.Io when exit.Count == 1:
                return exit.Direction == KvmIoDirection.Out
                    ? VcpuExit.IoOut(exit.Port, (byte)exit.Length, exit.Value)
                    : VcpuExit.IoIn(exit.Port, (byte)exit.Length);
            case KvmExitReason.Io:
                return VcpuExit.Error("string I/O (rep ins/outs) at a port: not supported by this VMM");
            case KvmExitReason.Mmio:
                return exit.IsWrite ? VcpuExit.MmioWrite(exit.Address, (byte)exit.Length, exit.Value) : VcpuExit.MmioRead(exit.Address, (byte)exit.Length);
            case KvmExitReason.Hlt:
                return VcpuExit.Halt;
            case KvmExitReason.IrqWindowOpen:
                return VcpuExit.InterruptWindow;
            case KvmExitReason.Shutdown:
                return VcpuExit.Shutdown;
            case KvmExitReason.SystemEvent:
                return VcpuExit.ShutdownBecause(SystemEventReason);
            case KvmExitReason.InternalError:
                return VcpuExit.Error(InternalErrorReason);
            case KvmExitReason.FailEntry:
                return VcpuExit.Error(FailEntryReason);
            default:
                return VcpuExit.Error(UnknownExitReason);
        }
    }

    private static KvmSregs SystemRegisters(CpuSetup cpu)
    {
        var code = Segment(cpu.Code);
        var data = Segment(cpu.Data);
        return new KvmSregs
        {
            Cs = code,
            Ds = data,
            Es = data,
            Fs = data,
            Gs = data,
            Ss = data,
            Tr = new KvmSegment { Base = 0, Limit = 0xFFFF, Type = 11, Present = 1 }, // a 64-bit busy TSS, as at reset
            Ldt = new KvmSegment { Unusable = 1 },
            Gdt = new KvmDtable { Base = cpu.GdtBase, Limit = cpu.GdtLimit },
            Idt = new KvmDtable { Base = cpu.IdtBase, Limit = cpu.IdtLimit },
            Cr0 = cpu.Cr0,
            Cr3 = cpu.Cr3,
            Cr4 = cpu.Cr4,
            Efer = cpu.Efer,
            ApicBase = 0xFEE0_0900, // the default: enabled, BSP
        };
    }

    private static KvmSegment Segment(SegmentSetup s) => new()
    {
        Base = s.Base,
        Limit = s.Limit,
        Selector = s.Selector,
        Type = s.Type,
        Present = s.Present ? (byte)1 : (byte)0,
        Dpl = s.Dpl,
        S = s.S ? (byte)1 : (byte)0,
        L = s.L ? (byte)1 : (byte)0,
        Db = s.Db ? (byte)1 : (byte)0,
        G = s.G ? (byte)1 : (byte)0,
    };

    private static KvmRegs GeneralRegisters(GuestRegisters r) => new()
    {
        Rax = r.Rax, Rbx = r.Rbx, Rcx = r.Rcx, Rdx = r.Rdx,
        Rsi = r.Rsi, Rdi = r.Rdi, Rsp = r.Rsp, Rbp = r.Rbp,
        R8 = r.R8, R9 = r.R9, R10 = r.R10, R11 = r.R11,
        R12 = r.R12, R13 = r.R13, R14 = r.R14, R15 = r.R15,
        Rip = r.Rip, Rflags = r.Rflags,
    };
}
