using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>struct kvm_sregs</c> (x86-64): KVM_GET_SREGS / KVM_SET_SREGS.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct KvmSregs
{
    /// <summary>The segment registers <c>cs</c>, <c>ds</c>, <c>es</c>, <c>fs</c>, <c>gs</c>, <c>ss</c>.</summary>
    public KvmSegment Cs, Ds, Es, Fs, Gs, Ss;
    /// <summary>The task register and the LDT register.</summary>
    public KvmSegment Tr, Ldt;
    /// <summary>The GDT and IDT registers.</summary>
    public KvmDtable Gdt, Idt;
    /// <summary>The control registers <c>cr0</c>, <c>cr2</c>, <c>cr3</c>, <c>cr4</c>, <c>cr8</c>.</summary>
    public ulong Cr0, Cr2, Cr3, Cr4, Cr8;
    /// <summary><c>efer</c>: the extended feature enable register (long mode, NX).</summary>
    public ulong Efer;
    /// <summary><c>apic_base</c>: the local APIC's base MSR.</summary>
    public ulong ApicBase;
    /// <summary><c>interrupt_bitmap</c>: a pending external interrupt, one bit per vector (256).</summary>
    public fixed ulong InterruptBitmap[4];
}
