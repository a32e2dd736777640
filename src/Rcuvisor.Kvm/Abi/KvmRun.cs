using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary>
/// <c>struct kvm_run</c>: the fixed part of the page a vCPU fd maps (2352 bytes; the mapping
/// itself is <c>KVM_GET_VCPU_MMAP_SIZE</c> long and I/O data may sit past this struct, at
/// <see cref="KvmRunIo.DataOffset"/>). The exit union is overlaid at offset 32, one view per
/// exit reason; only the view named by <see cref="ExitReason"/> is meaningful.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 2352)]
public struct KvmRun
{
    /// <summary>in: ask for a KVM_EXIT_IRQ_WINDOW_OPEN when the guest can take an interrupt.</summary>
    [FieldOffset(0)] public byte RequestInterruptWindow;
    /// <summary>in: 1 makes KVM_RUN return EINTR at once (KVM_CAP_IMMEDIATE_EXIT).</summary>
    [FieldOffset(1)] public byte ImmediateExit;
    /// <summary>out: a KVM_EXIT_* code (<see cref="KvmExitCode"/>).</summary>
    [FieldOffset(8)] public uint ExitReason;
    /// <summary>out: KVM_INTERRUPT would be taken at the next entry.</summary>
    [FieldOffset(12)] public byte ReadyForInterruptInjection;
    /// <summary>out: the guest's RFLAGS.IF.</summary>
    [FieldOffset(13)] public byte IfFlag;
    /// <summary>out: KVM_RUN_X86_* flags.</summary>
    [FieldOffset(14)] public ushort Flags;
    /// <summary>in/out: the guest's CR8.</summary>
    [FieldOffset(16)] public ulong Cr8;
    /// <summary>in/out: the guest's APIC base MSR.</summary>
    [FieldOffset(24)] public ulong ApicBase;
    /// <summary>KVM_EXIT_UNKNOWN view.</summary>
    [FieldOffset(32)] public KvmRunHardware Hardware;
    /// <summary>KVM_EXIT_FAIL_ENTRY view.</summary>
    [FieldOffset(32)] public KvmRunFailEntry FailEntry;
    /// <summary>KVM_EXIT_IO view.</summary>
    [FieldOffset(32)] public KvmRunIo Io;
    /// <summary>KVM_EXIT_MMIO view.</summary>
    [FieldOffset(32)] public KvmRunMmio Mmio;
    /// <summary>KVM_EXIT_INTERNAL_ERROR view.</summary>
    [FieldOffset(32)] public KvmRunInternal Internal;
    /// <summary>KVM_EXIT_SYSTEM_EVENT view.</summary>
    [FieldOffset(32)] public KvmRunSystemEvent SystemEvent;
    /// <summary>KVM_CAP_SYNC_REGS: register classes KVM filled in.</summary>
    [FieldOffset(288)] public ulong KvmValidRegs;
    /// <summary>KVM_CAP_SYNC_REGS: register classes userspace changed.</summary>
    [FieldOffset(296)] public ulong KvmDirtyRegs;
}
