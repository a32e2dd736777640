using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>struct kvm_sregs</c> (x86-64): KVM_GET_SREGS / KVM_SET_SREGS.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct KvmSregs
{
    // segment, table and control registers, named as in the header
    public KvmSegment Cs, Ds, Es, Fs, Gs, Ss;
    public KvmSegment Tr, Ldt;
    public KvmDtable Gdt, Idt;
    public ulong Cr0, Cr2, Cr3, Cr4, Cr8;
    public ulong Efer;
    public ulong ApicBase;
    /// <summary><c>interrupt_bitmap</c>: a pending external interrupt, one bit per vector (256).</summary>
    public fixed ulong InterruptBitmap[4];
}
