using System.Buffers.Binary;
using Rcuvisor.Kvm.Guest;

namespace Rcuvisor.Kvm.Tests.Guest;

/// <summary>
/// Decodes GDT descriptors, IDT gates and page-table entries from the Intel SDM's bit layouts
/// (Vol. 3A 3.4.5, 6.14.1, 4.5), written independently of the builder's constants.
/// </summary>
internal static class DescriptorDecoder
{
    public static SegmentSetup Segment(ulong descriptor, ushort selector)
    {
        uint rawLimit = (uint)(descriptor & 0xFFFF) | (uint)((descriptor >> 48) & 0xF) << 16;
        ulong baseAddress = ((descriptor >> 16) & 0xFF_FFFF) | ((descriptor >> 56) & 0xFF) << 24;
        byte access = (byte)(descriptor >> 40);
        byte flags = (byte)((descriptor >> 52) & 0xF);
        bool g = (flags & 0x8) != 0;
        return new SegmentSetup(
            Selector: selector,
            Base: baseAddress,
            Limit: g ? (rawLimit << 12) | 0xFFF : rawLimit,
            Type: (byte)(access & 0xF),
            Present: (access & 0x80) != 0,
            Dpl: (byte)((access >> 5) & 3),
            S: (access & 0x10) != 0,
            L: (flags & 0x2) != 0,
            Db: (flags & 0x4) != 0,
            G: g);
    }

    public static InterruptGate Gate(ReadOnlySpan<byte> gate) => new(
        Offset: BinaryPrimitives.ReadUInt16LittleEndian(gate)
            | (ulong)BinaryPrimitives.ReadUInt16LittleEndian(gate[6..]) << 16
            | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(gate[8..]) << 32,
        Selector: BinaryPrimitives.ReadUInt16LittleEndian(gate[2..]),
        Ist: (byte)(gate[4] & 7),
        Type: (byte)(gate[5] & 0xF),
        Dpl: (byte)((gate[5] >> 5) & 3),
        Present: (gate[5] & 0x80) != 0);

    /// <summary>
    /// Walks 4-level paging from <paramref name="cr3"/> for a virtual address, as the CPU would;
    /// returns the physical address, or null when an entry on the way is not present.
    /// Only 2 MiB leaves are accepted: these images have nothing else.
    /// </summary>
    public static ulong? Translate(ReadOnlySpan<byte> memory, ulong cr3, ulong virtualAddress, out bool writable, out bool user)
    {
        const ulong addressMask = 0x000F_FFFF_FFFF_F000;
        writable = true;
        user = true;
        ulong table = cr3 & addressMask;
        int[] shifts = [39, 30, 21];
        for (int level = 0; level < shifts.Length; level++)
        {
            int index = (int)((virtualAddress >> shifts[level]) & 0x1FF);
            ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(memory[(int)(table + (ulong)index * 8)..]);
            if ((entry & 1) == 0)
                return null;
            writable &= (entry & 2) != 0;
            user &= (entry & 4) != 0;
            bool large = (entry & 0x80) != 0;
            if (level == 2)
            {
                Assert.True(large, $"PD entry {index} for 0x{virtualAddress:x} is not a 2 MiB page");
                return (entry & 0x000F_FFFF_FFE0_0000) | (virtualAddress & 0x1F_FFFF);
            }
            Assert.False(large, $"a level-{level} entry for 0x{virtualAddress:x} has PS set");
            table = entry & addressMask;
        }
        return null;
    }
}
