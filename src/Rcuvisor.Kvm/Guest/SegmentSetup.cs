namespace Rcuvisor.Kvm.Guest;

/// <summary>
/// A segment register's hidden state as KVM_SET_SREGS takes it (<c>struct kvm_segment</c>'s
/// fields, as plain values): the backend copies it field by field. It matches the GDT
/// descriptor of the same selector in the image, so a reload by the guest changes nothing.
/// </summary>
/// <param name="Selector">The selector (GDT index × 8, RPL 0).</param>
/// <param name="Base">The segment base (ignored for code and data in 64-bit mode, but kept consistent).</param>
/// <param name="Limit">The limit in bytes (the descriptor holds 0xFFFFF pages with G=1: 0xFFFFFFFF).</param>
/// <param name="Type">The 4-bit descriptor type: 11 = code execute/read accessed, 3 = data read/write accessed.</param>
/// <param name="Present">P: the segment is present.</param>
/// <param name="Dpl">The descriptor privilege level (0: these guests run at CPL0).</param>
/// <param name="S">S: a code or data segment (not a system one).</param>
/// <param name="L">L: 64-bit code.</param>
/// <param name="Db">D/B: 32-bit default size (must be 0 with L=1 for code).</param>
/// <param name="G">G: the limit counts 4 KiB pages.</param>
public sealed record SegmentSetup(
    ushort Selector, ulong Base, uint Limit, byte Type, bool Present, byte Dpl, bool S, bool L, bool Db, bool G);
