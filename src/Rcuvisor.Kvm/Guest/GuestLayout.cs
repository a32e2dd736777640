namespace Rcuvisor.Kvm.Guest;

/// <summary>
/// Where every guest image puts its fixed parts; the per-vCPU parts follow, sized from the
/// largest vCPU id (<see cref="GuestImage"/> gives their addresses).
/// </summary>
/// <remarks>
/// <code>
/// 0x0000_0000  unused page (identity-mapped like the rest, but nothing lives at 0)
/// 0x0000_1000  PML4        (entry 0 -> PDPT)
/// 0x0000_2000  PDPT        (entry 0 -> PD)
/// 0x0000_3000  PD          (2 MiB pages: the memory, then one unbacked MMIO window page)
/// 0x0000_4000  GDT         null, code 0x08, data 0x10
/// 0x0000_5000  IDT         gates 0..0x20; only 0x20 present
/// 0x0000_6000  data        the all-zero IDT pseudo-descriptor the triple-fault guest loads
/// 0x0000_8000  code        entry point first, the interrupt handler after it
/// 0x0001_0000  targets     the doorbell's target ids, 4 bytes each
/// then         counters    one 8-byte interrupt counter per vCPU id, 128 bytes apart (page-aligned start)
/// then         stacks      4 KiB per vCPU id (page-aligned start); vCPU n's top is the end of its own
/// MemorySize   MMIO window 2 MiB mapped by the page tables but not backed by memory
/// </code>
/// Counters are 128 bytes apart so that no two vCPUs' counters share a cache line or the
/// pair of lines the adjacent-line prefetcher pulls together: the handlers write them.
/// </remarks>
public static class GuestLayout
{
    /// <summary>The PML4 (CR3).</summary>
    public const ulong Pml4Address = 0x1000;

    /// <summary>The one page-directory-pointer table.</summary>
    public const ulong PdptAddress = 0x2000;

    /// <summary>The one page directory: 512 entries of 2 MiB cover 1 GiB, far more than any image needs.</summary>
    public const ulong PageDirectoryAddress = 0x3000;

    /// <summary>The GDT.</summary>
    public const ulong GdtAddress = 0x4000;

    /// <summary>The IDT.</summary>
    public const ulong IdtAddress = 0x5000;

    /// <summary>A page of constants the code reads (the triple-fault guest's empty IDT pseudo-descriptor).</summary>
    public const ulong DataAddress = 0x6000;

    /// <summary>The code: the entry point is its first byte.</summary>
    public const ulong CodeAddress = 0x8000;

    /// <summary>Room for code: up to <see cref="TargetsAddress"/>.</summary>
    public const int CodeCapacity = 0x8000;

    /// <summary>The doorbell program's targets table.</summary>
    public const ulong TargetsAddress = 0x1_0000;

    /// <summary>Bytes between consecutive vCPUs' interrupt counters.</summary>
    public const int CounterStride = 128;

    /// <summary>Each vCPU's stack.</summary>
    public const int StackSize = 0x1000;

    /// <summary>Page size used to align the regions.</summary>
    public const int PageSize = 0x1000;

    /// <summary>The large-page size of the identity map; memory sizes are multiples of it.</summary>
    public const ulong LargePageSize = 0x20_0000;

    /// <summary>Selector of the 64-bit code segment (GDT entry 1).</summary>
    public const ushort CodeSelector = 0x08;

    /// <summary>Selector of the data segment (GDT entry 2).</summary>
    public const ushort DataSelector = 0x10;
}
