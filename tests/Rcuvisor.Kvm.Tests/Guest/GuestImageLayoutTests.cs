using System.Buffers.Binary;
using Rcuvisor.Backends;
using Rcuvisor.Kvm.Guest;

namespace Rcuvisor.Kvm.Tests.Guest;

/// <summary>
/// The images decoded offline, the way the CPU will read them: paging, segments, the IDT gate,
/// the CPU setup, the per-vCPU slots and the targets, for small and largest vCPU ids.
/// </summary>
public sealed class GuestImageLayoutTests
{
    private const ulong TwoMiB = 0x20_0000;

    public static TheoryData<int> MaxVcpuIds => [0, 1, 127, 1023, 4095];

    private static IEnumerable<GuestImage> AllImages(int maxVcpuId)
    {
        yield return GuestImageBuilder.Build(GuestProgram.Spin(), maxVcpuId);
        yield return GuestImageBuilder.Build(GuestProgram.Halt(), maxVcpuId);
        yield return GuestImageBuilder.Build(GuestProgram.Doorbell(1000, [.. Enumerable.Range(0, maxVcpuId + 1)]), maxVcpuId);
        yield return GuestImageBuilder.Build(GuestProgram.Doorbell(0, [.. Enumerable.Range(0, GuestImageBuilder.MaxTargets)], rings: 3), maxVcpuId);
        yield return GuestImageBuilder.BuildTripleFault(maxVcpuId);
        yield return GuestImageBuilder.BuildUnknownPort(maxVcpuId, 0x1234);
        yield return GuestImageBuilder.BuildUnmappedMmio(maxVcpuId);
    }

    private static byte[] Load(GuestImage image)
    {
        var memory = new byte[image.MemorySize];
        image.WriteTo(memory);
        return memory;
    }

    [Theory]
    [MemberData(nameof(MaxVcpuIds))]
    public void Paging_identity_maps_memory_and_the_mmio_window_with_supervisor_writable_2MiB_pages(int maxVcpuId)
    {
        int checkedAddresses = 0;
        foreach (var image in AllImages(maxVcpuId))
        {
            Assert.Equal(0UL, image.MemorySize % TwoMiB);
            byte[] memory = Load(image);
            ulong cr3 = image.Cpu.Cr3;
            Assert.Equal(GuestLayout.Pml4Address, cr3);

            var addresses = new List<ulong> { 0, image.EntryPoint, image.HandlerAddress, image.Cpu.GdtBase, image.Cpu.IdtBase,
                image.TargetsAddress, image.CounterAddress(maxVcpuId), image.StackTop(maxVcpuId) - 8,
                image.MemorySize - 1, image.MmioWindowAddress, image.MmioWindowAddress + TwoMiB - 1 };
            for (ulong page = 0; page < image.MemorySize; page += TwoMiB)
                addresses.AddRange([page, page + TwoMiB / 2]);
            foreach (ulong address in addresses)
            {
                ulong? physical = DescriptorDecoder.Translate(memory, cr3, address, out bool writable, out bool user);
                Assert.True(physical == address, $"{image.Name}: 0x{address:x} maps to {physical:x}");
                Assert.True(writable, $"{image.Name}: 0x{address:x} is read-only (the handler writes counters, stacks take frames)");
                Assert.False(user, $"{image.Name}: 0x{address:x} is user-accessible; the guests run at CPL0 only");
                checkedAddresses++;
            }
            // Beyond the window nothing is mapped: a stray access there page-faults (then triple-faults).
            Assert.Null(DescriptorDecoder.Translate(memory, cr3, image.MmioWindowAddress + TwoMiB, out _, out _));
            Assert.Null(DescriptorDecoder.Translate(memory, cr3, 1UL << 39, out _, out _));
            Assert.Null(DescriptorDecoder.Translate(memory, cr3, 1UL << 30, out _, out _));
            Assert.Null(DescriptorDecoder.Translate(memory, cr3, 0xFFFF_8000_0000_0000, out _, out _));
        }
        TestContext.Current.SendDiagnosticMessage($"maxVcpuId {maxVcpuId}: {checkedAddresses} addresses translated to themselves");
    }

    [Fact]
    public void Gdt_descriptors_decode_to_the_segments_the_cpu_setup_names()
    {
        foreach (var image in AllImages(3))
        {
            byte[] memory = Load(image);
            var cpu = image.Cpu;
            Assert.Equal(GuestLayout.GdtAddress, cpu.GdtBase);
            Assert.Equal(3 * 8 - 1, cpu.GdtLimit);
            ulong Descriptor(int selector) => BinaryPrimitives.ReadUInt64LittleEndian(memory.AsSpan((int)cpu.GdtBase + selector));
            Assert.Equal(0UL, Descriptor(0));
            Assert.Equal(cpu.Code, DescriptorDecoder.Segment(Descriptor(0x08), 0x08));
            Assert.Equal(cpu.Data, DescriptorDecoder.Segment(Descriptor(0x10), 0x10));
            // And those are what the brief and the kvm_pvm measurements ask for.
            Assert.Equal(new SegmentSetup(0x08, 0, 0xFFFF_FFFF, Type: 11, Present: true, Dpl: 0, S: true, L: true, Db: false, G: true), cpu.Code);
            Assert.Equal(new SegmentSetup(0x10, 0, 0xFFFF_FFFF, Type: 3, Present: true, Dpl: 0, S: true, L: false, Db: true, G: true), cpu.Data);
        }
    }

    [Fact]
    public void Only_the_interrupt_vector_has_a_gate_and_it_points_at_the_cpl0_handler()
    {
        foreach (var image in AllImages(3))
        {
            byte[] memory = Load(image);
            var cpu = image.Cpu;
            Assert.Equal(GuestLayout.IdtAddress, cpu.IdtBase);
            Assert.Equal(0x20, GuestImage.InterruptVector);
            Assert.Equal((GuestImage.InterruptVector + 1) * 16 - 1, cpu.IdtLimit);
            for (int vector = 0; vector < GuestImage.InterruptVector; vector++)
                Assert.False(DescriptorDecoder.Gate(memory.AsSpan((int)cpu.IdtBase + vector * 16, 16)).Present, $"vector {vector}");
            var gate = DescriptorDecoder.Gate(memory.AsSpan((int)cpu.IdtBase + GuestImage.InterruptVector * 16, 16));
            Assert.Equal(new InterruptGate(image.HandlerAddress, 0x08, Ist: 0, Type: 0xE, Dpl: 0, Present: true), gate);
            Assert.InRange(image.HandlerAddress, image.Code.Address, image.Code.End - 1);
        }
    }

    [Fact]
    public void Cpu_setup_is_long_mode_at_cpl0_with_interrupts_off_at_the_entry()
    {
        foreach (var image in AllImages(3))
        {
            var cpu = image.Cpu;
            Assert.Equal(0x8000_0011UL, cpu.Cr0);
            Assert.Equal(0x20UL, cpu.Cr4);
            Assert.Equal(0x500UL, cpu.Efer);
            Assert.Equal(0x2UL, cpu.Rflags);
            Assert.Equal(GuestLayout.CodeAddress, cpu.Rip);
            Assert.Equal(image.Code.Address, image.EntryPoint);
        }
    }

    [Theory]
    [MemberData(nameof(MaxVcpuIds))]
    public void Per_vcpu_stacks_and_counters_fit_and_overlap_nothing(int maxVcpuId)
    {
        foreach (var image in AllImages(maxVcpuId))
        {
            // Every piece of memory the image uses, with its owner, sorted: neighbours must not overlap.
            var pieces = image.Regions.Select(r => (r.Name, Start: r.Address, End: r.End)).ToList();
            for (int id = 0; id <= maxVcpuId; id++)
            {
                ulong counter = image.CounterAddress(id);
                Assert.Equal(0UL, counter % GuestLayout.CounterStride);
                pieces.Add(($"counter {id}", counter, counter + 8));
                ulong top = image.StackTop(id);
                Assert.Equal(0UL, top % 16);
                pieces.Add(($"stack {id}", top - GuestLayout.StackSize, top));
            }
            pieces.Sort((a, b) => a.Start.CompareTo(b.Start));
            Assert.True(pieces[0].Start >= GuestLayout.PageSize, $"{image.Name}: {pieces[0].Name} sits in page 0");
            for (int i = 1; i < pieces.Count; i++)
                Assert.True(pieces[i - 1].End <= pieces[i].Start,
                    $"{image.Name}: {pieces[i - 1].Name} [0x{pieces[i - 1].Start:x}, 0x{pieces[i - 1].End:x}) overlaps {pieces[i].Name} at 0x{pieces[i].Start:x}");
            Assert.True(pieces[^1].End <= image.MemorySize, $"{image.Name}: {pieces[^1].Name} ends past MemorySize 0x{image.MemorySize:x}");
            // Counters 128 bytes apart: different cache lines (and adjacent-line prefetch pairs).
            if (maxVcpuId > 0)
                Assert.Equal((ulong)GuestLayout.CounterStride, image.CounterAddress(1) - image.CounterAddress(0));
            Assert.True(image.Code.Bytes.Length <= GuestLayout.CodeCapacity);
        }
        var sized = GuestImageBuilder.Build(GuestProgram.Halt(), maxVcpuId);
        TestContext.Current.SendDiagnosticMessage(
            $"maxVcpuId {maxVcpuId}: {maxVcpuId + 1} stacks and counters placed; halt image {sized.MemorySize / TwoMiB} x 2 MiB");
    }

    [Fact]
    public void Registers_give_each_vcpu_its_stack_counter_id_and_start_index()
    {
        var image = GuestImageBuilder.Build(GuestProgram.Doorbell(10, [7, -1, 4096]), maxVcpuId: 9);
        for (int id = 0; id <= 9; id++)
        {
            var registers = image.RegistersFor(id);
            Assert.Equal(new GuestRegisters
            {
                Rip = image.EntryPoint, Rflags = 0x2, Rsp = image.StackTop(id), Rdi = (ulong)id,
                Rsi = (ulong)(id % 3), R15 = image.CounterAddress(id),
            }, registers);
        }
        Assert.Equal(0UL, GuestImageBuilder.Build(GuestProgram.Halt(), 5).RegistersFor(5).Rsi);
    }

    [Fact]
    public void The_targets_table_holds_the_programs_targets_untrusted_values_included()
    {
        int[] targets = [3, 0, -1, int.MaxValue, 4096, 2];
        var image = GuestImageBuilder.Build(GuestProgram.Doorbell(5, targets), maxVcpuId: 2);
        byte[] memory = Load(image);
        Assert.Equal(targets.Length, image.TargetCount);
        for (int i = 0; i < targets.Length; i++)
            Assert.Equal(targets[i], BinaryPrimitives.ReadInt32LittleEndian(memory.AsSpan((int)image.TargetsAddress + 4 * i)));
        // And nothing else is in memory but the regions: the rest is zero, counters included.
        foreach (var region in image.Regions)
            Assert.True(memory.AsSpan((int)region.Address, region.Bytes.Length).SequenceEqual(region.Bytes.Span), region.Name);
        long outside = 0;
        for (ulong a = 0; a < image.MemorySize; a++)
        {
            if (!image.Regions.Any(r => a >= r.Address && a < r.End))
                outside += memory[a];
        }
        Assert.Equal(0, outside);
    }

    [Fact]
    public void Bad_input_is_refused_with_the_value_and_the_limit()
    {
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => GuestImageBuilder.Build(GuestProgram.Halt(), -1));
        Assert.Equal("maxVcpuId", negative.ParamName);
        Assert.Contains("-1", negative.Message);
        Assert.Contains("4095", negative.Message);
        var high = Assert.Throws<ArgumentOutOfRangeException>(() => GuestImageBuilder.BuildTripleFault(4096));
        Assert.Equal("maxVcpuId", high.ParamName);
        Assert.Contains("4096", high.Message);
        Assert.Contains("4095", high.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => GuestImageBuilder.BuildUnknownPort(int.MaxValue, 0x1234));
        Assert.Throws<ArgumentOutOfRangeException>(() => GuestImageBuilder.BuildUnmappedMmio(int.MinValue));

        var work = Assert.Throws<ArgumentOutOfRangeException>(() =>
            GuestImageBuilder.Build(GuestProgram.Doorbell(GuestImageBuilder.MaxWorkIterations + 1, [0]), 0));
        Assert.Contains("100000001", work.Message);
        Assert.Contains("100000000", work.Message);
        var tooManyTargets = Assert.Throws<ArgumentOutOfRangeException>(() =>
            GuestImageBuilder.Build(GuestProgram.Doorbell(1, new int[GuestImageBuilder.MaxTargets + 1]), 0));
        Assert.Contains("65537", tooManyTargets.Message);
        Assert.Contains("65536", tooManyTargets.Message);

        Assert.Throws<ArgumentNullException>(() => GuestImageBuilder.Build(null!, 0));
        Assert.Throws<ArgumentException>(() => GuestImageBuilder.BuildUnknownPort(0, GuestPorts.Doorbell));

        var image = GuestImageBuilder.Build(GuestProgram.Halt(), 3);
        var id = Assert.Throws<ArgumentOutOfRangeException>(() => image.CounterAddress(4));
        Assert.Contains("4", id.Message);
        Assert.Contains("0..3", id.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => image.RegistersFor(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => image.StackTop(4));
        Assert.Throws<ArgumentException>(() => image.WriteTo(new byte[image.MemorySize - 1]));
    }
}
