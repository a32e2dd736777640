using System.Buffers.Binary;

namespace Rcuvisor.Kvm.Guest;

/// <summary>The page tables, GDT and IDT of a 64-bit guest, as bytes.</summary>
internal static class SystemTables
{
    private const ulong PagePresent = 1UL << 0;
    private const ulong PageWritable = 1UL << 1;
    private const ulong PageLarge = 1UL << 7; // PS in a PD entry: a 2 MiB page, no page table below

    /// <summary>64-bit code: G, L; P, DPL 0, S, type 0xB (execute/read, accessed); limit 0xFFFFF pages.</summary>
    internal const ulong CodeDescriptor = 0x00AF_9B00_0000_FFFF;

    /// <summary>Data: G, D/B; P, DPL 0, S, type 0x3 (read/write, accessed); limit 0xFFFFF pages.</summary>
    /// <remarks>Both carry the accessed bit already, so the CPU never writes to the GDT to set it.</remarks>
    internal const ulong DataDescriptor = 0x00CF_9300_0000_FFFF;

    /// <summary>P, DPL 0, type 0xE (64-bit interrupt gate: IF is cleared on entry, so handlers never nest).</summary>
    private const byte InterruptGateAttributes = 0x8E;

    private const int GateSize = 16;
    private const int EntrySize = 8;
    private const int EntriesPerTable = 512;

    /// <summary>
    /// Identity map of the first <paramref name="mappedSize"/> bytes with 2 MiB pages: one
    /// PML4 entry, one PDPT entry, one PD entry per large page. Supervisor-only, writable.
    /// </summary>
    public static GuestMemoryRegion[] PageTables(ulong mappedSize)
    {
        ulong largePages = mappedSize / GuestLayout.LargePageSize;
        if (largePages > EntriesPerTable)
            throw new InvalidOperationException(
                $"{mappedSize} bytes need {largePages} 2 MiB pages; one page directory holds {EntriesPerTable}");
        var pml4 = new byte[GuestLayout.PageSize];
        var pdpt = new byte[GuestLayout.PageSize];
        var pd = new byte[GuestLayout.PageSize];
        WriteEntry(pml4, 0, GuestLayout.PdptAddress | PagePresent | PageWritable);
        WriteEntry(pdpt, 0, GuestLayout.PageDirectoryAddress | PagePresent | PageWritable);
        for (int i = 0; i < (int)largePages; i++)
            WriteEntry(pd, i, ((ulong)i * GuestLayout.LargePageSize) | PagePresent | PageWritable | PageLarge);
        return
        [
            new("pml4", GuestLayout.Pml4Address, pml4),
            new("pdpt", GuestLayout.PdptAddress, pdpt),
            new("pd", GuestLayout.PageDirectoryAddress, pd),
        ];
    }

    /// <summary>Null, code (0x08), data (0x10).</summary>
    public static GuestMemoryRegion Gdt()
    {
        var gdt = new byte[3 * EntrySize];
        WriteEntry(gdt, GuestLayout.CodeSelector / EntrySize, CodeDescriptor);
        WriteEntry(gdt, GuestLayout.DataSelector / EntrySize, DataDescriptor);
        return new("gdt", GuestLayout.GdtAddress, gdt);
    }

    /// <summary>
    /// Gates 0 through <paramref name="vector"/>, of which only <paramref name="vector"/> is
    /// present. The limit ends at that gate, so any other vector, and any exception (its gate
    /// absent or past the limit, then #DF's too), ends in a triple fault: KVM_EXIT_SHUTDOWN, a
    /// loud, contained failure rather than a guest that wanders on.
    /// </summary>
    public static GuestMemoryRegion Idt(byte vector, ulong handlerAddress)
    {
        var idt = new byte[(vector + 1) * GateSize];
        var gate = idt.AsSpan(vector * GateSize, GateSize);
        BinaryPrimitives.WriteUInt16LittleEndian(gate, (ushort)handlerAddress);
        BinaryPrimitives.WriteUInt16LittleEndian(gate[2..], GuestLayout.CodeSelector);
        gate[4] = 0; // IST 0: stay on the current stack (CPL0 to CPL0, no TSS needed)
        gate[5] = InterruptGateAttributes;
        BinaryPrimitives.WriteUInt16LittleEndian(gate[6..], (ushort)(handlerAddress >> 16));
        BinaryPrimitives.WriteUInt32LittleEndian(gate[8..], (uint)(handlerAddress >> 32));
        return new("idt", GuestLayout.IdtAddress, idt);
    }

    private static void WriteEntry(byte[] table, int index, ulong value) =>
        BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(index * EntrySize), value);
}
