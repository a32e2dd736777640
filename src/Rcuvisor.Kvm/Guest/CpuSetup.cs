namespace Rcuvisor.Kvm.Guest;

/// <summary>
/// The control and descriptor-table state every vCPU of an image starts with: 64-bit long
/// mode at CPL0, identity paging with 2 MiB pages. The backend puts these in KVM_SET_SREGS
/// (and <see cref="Rip"/>/<see cref="Rflags"/> in KVM_SET_REGS, as
/// <see cref="GuestImage.RegistersFor"/> already does). Values measured to be accepted on a
/// kvm_pvm host (shared/kvm/README.md): EFER without LMA or CR4 without PAE is refused.
/// </summary>
/// <remarks>
/// Leave TR, LDT and the other sregs at KVM's reset values: a 64-bit CPL0 guest that never
/// switches stacks needs no TSS (measured on kvm_pvm: "tr left at reset" runs).
/// </remarks>
/// <param name="Cr0">PE | ET | PG = 0x80000011.</param>
/// <param name="Cr3">The PML4's guest-physical address.</param>
/// <param name="Cr4">PAE = 0x20.</param>
/// <param name="Efer">LME | LMA = 0x500.</param>
/// <param name="GdtBase">The GDT's guest address.</param>
/// <param name="GdtLimit">The GDT's size in bytes minus one.</param>
/// <param name="IdtBase">The IDT's guest address.</param>
/// <param name="IdtLimit">The IDT's size in bytes minus one: it ends at the interrupt vector's gate.</param>
/// <param name="Code">For CS.</param>
/// <param name="Data">For DS, ES, FS, GS and SS.</param>
/// <param name="Rflags">0x2 (the always-one bit; IF clear: a program that wants interrupts runs <c>sti</c>).</param>
/// <param name="Rip">The entry point.</param>
public sealed record CpuSetup(
    ulong Cr0, ulong Cr3, ulong Cr4, ulong Efer,
    ulong GdtBase, ushort GdtLimit, ulong IdtBase, ushort IdtLimit,
    SegmentSetup Code, SegmentSetup Data,
    ulong Rflags, ulong Rip);
