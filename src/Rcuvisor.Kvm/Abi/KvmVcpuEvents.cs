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
    // named after the header's nested fields
    [FieldOffset(0)] public byte ExceptionInjected;
    [FieldOffset(1)] public byte ExceptionNr;
    [FieldOffset(2)] public byte ExceptionHasErrorCode;
    [FieldOffset(3)] public byte ExceptionPending;
    [FieldOffset(4)] public uint ExceptionErrorCode;
    [FieldOffset(8)] public byte InterruptInjected;
    [FieldOffset(9)] public byte InterruptNr;
    [FieldOffset(10)] public byte InterruptSoft;
    [FieldOffset(11)] public byte InterruptShadow;
    [FieldOffset(12)] public byte NmiInjected;
    [FieldOffset(13)] public byte NmiPending;
    [FieldOffset(14)] public byte NmiMasked;
    [FieldOffset(16)] public uint SipiVector;
    [FieldOffset(20)] public uint Flags;
    [FieldOffset(24)] public byte SmiSmm;
    [FieldOffset(25)] public byte SmiPending;
    [FieldOffset(26)] public byte SmiInsideNmi;
    [FieldOffset(27)] public byte SmiLatchedInit;
    [FieldOffset(28)] public byte TripleFaultPending;
    [FieldOffset(55)] public byte ExceptionHasPayload;
    [FieldOffset(56)] public ulong ExceptionPayload;
}
