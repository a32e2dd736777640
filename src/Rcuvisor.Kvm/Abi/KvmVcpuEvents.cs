using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary>
/// <c>struct kvm_vcpu_events</c> (64 bytes), its nested structs flattened: the field
/// <c>InterruptInjected</c> is the header's <c>interrupt.injected</c>. Read it to learn
/// whether an interrupt given with KVM_INTERRUPT is still waiting to be taken.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
public struct KvmVcpuEvents
{
    /// <summary><c>exception.injected</c>.</summary>
    [FieldOffset(0)] public byte ExceptionInjected;
    /// <summary><c>exception.nr</c>: the exception vector.</summary>
    [FieldOffset(1)] public byte ExceptionNr;
    /// <summary><c>exception.has_error_code</c>.</summary>
    [FieldOffset(2)] public byte ExceptionHasErrorCode;
    /// <summary><c>exception.pending</c>.</summary>
    [FieldOffset(3)] public byte ExceptionPending;
    /// <summary><c>exception.error_code</c>.</summary>
    [FieldOffset(4)] public uint ExceptionErrorCode;
    /// <summary><c>interrupt.injected</c>: an interrupt given with KVM_INTERRUPT has not been taken yet.</summary>
    [FieldOffset(8)] public byte InterruptInjected;
    /// <summary><c>interrupt.nr</c>: its vector.</summary>
    [FieldOffset(9)] public byte InterruptNr;
    /// <summary><c>interrupt.soft</c>.</summary>
    [FieldOffset(10)] public byte InterruptSoft;
    /// <summary><c>interrupt.shadow</c>: the STI/MOV SS interrupt shadow.</summary>
    [FieldOffset(11)] public byte InterruptShadow;
    /// <summary><c>nmi.injected</c>.</summary>
    [FieldOffset(12)] public byte NmiInjected;
    /// <summary><c>nmi.pending</c>.</summary>
    [FieldOffset(13)] public byte NmiPending;
    /// <summary><c>nmi.masked</c>.</summary>
    [FieldOffset(14)] public byte NmiMasked;
    /// <summary><c>sipi_vector</c>.</summary>
    [FieldOffset(16)] public uint SipiVector;
    /// <summary><c>flags</c>: KVM_VCPUEVENT_VALID_*, which optional parts are valid.</summary>
    [FieldOffset(20)] public uint Flags;
    /// <summary><c>smi.smm</c>.</summary>
    [FieldOffset(24)] public byte SmiSmm;
    /// <summary><c>smi.pending</c>.</summary>
    [FieldOffset(25)] public byte SmiPending;
    /// <summary><c>smi.smm_inside_nmi</c>.</summary>
    [FieldOffset(26)] public byte SmiInsideNmi;
    /// <summary><c>smi.latched_init</c>.</summary>
    [FieldOffset(27)] public byte SmiLatchedInit;
    /// <summary><c>triple_fault.pending</c>.</summary>
    [FieldOffset(28)] public byte TripleFaultPending;
    /// <summary><c>exception_has_payload</c>.</summary>
    [FieldOffset(55)] public byte ExceptionHasPayload;
    /// <summary><c>exception_payload</c>.</summary>
    [FieldOffset(56)] public ulong ExceptionPayload;
}
