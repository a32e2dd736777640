using System.Buffers.Binary;
using Rcuvisor.Backends;

namespace Rcuvisor.Kvm.Guest;

/// <summary>
/// Assembles <see cref="GuestProgram"/>s (and a few test programs) into <see cref="GuestImage"/>s:
/// 64-bit long mode at CPL0, the one mode measured to work both on hardware KVM and on kvm_pvm.
/// </summary>
public static class GuestImageBuilder
{
    /// <summary>The largest vCPU id an image can hold: KVM_CAP_MAX_VCPU_ID is 4096 (ids 0..4095).</summary>
    public const int MaxVcpuIdLimit = 4095;

    /// <summary>
    /// The most work iterations per ring: <c>rcuvisor run --work</c>'s limit. At kvm_pvm's ~1 M
    /// emulated instructions/s that is already minutes per ring; more is a mistake, not a workload.
    /// </summary>
    public const int MaxWorkIterations = 100_000_000;

    /// <summary>The most doorbell targets: the table (4 bytes each) stays a small part of memory.</summary>
    public const int MaxTargets = 65_536;

    /// <summary>What the containment programs write, so a test can recognise their exit.</summary>
    public const uint ContainmentValue = 0xC0FF_EE00;

    /// <summary>The 10 zero bytes the triple-fault program loads as its IDT register (limit 0).</summary>
    private const int EmptyIdtDescriptorSize = 10;

    private const ulong Cr0ProtectionEnable = 1UL << 0;
    private const ulong Cr0ExtensionType = 1UL << 4;
    private const ulong Cr0Paging = 1UL << 31;
    private const ulong Cr4Pae = 1UL << 5;
    private const ulong EferLme = 1UL << 8;
    private const ulong EferLma = 1UL << 10;
    private const ulong RflagsReserved = 1UL << 1; // always one; IF (bit 9) clear

    /// <summary>Assembles <paramref name="program"/> with a stack and a counter for each vCPU id 0..<paramref name="maxVcpuId"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="maxVcpuId"/> is outside 0..<see cref="MaxVcpuIdLimit"/>, the work exceeds
    /// <see cref="MaxWorkIterations"/>, or the targets exceed <see cref="MaxTargets"/>.
    /// </exception>
    public static GuestImage Build(GuestProgram program, int maxVcpuId)
    {
        ArgumentNullException.ThrowIfNull(program);
        CheckMaxVcpuId(maxVcpuId);
        switch (program.Kind)
        {
            case GuestProgramKind.Spin:
                return Assemble("spin", program, maxVcpuId, [], (e, _) => GuestCode.Spin(e));
            case GuestProgramKind.Halt:
                return Assemble("halt", program, maxVcpuId, [], (e, _) => GuestCode.HaltLoop(e));
            case GuestProgramKind.Doorbell:
                if (program.WorkIterations is < 0 or > MaxWorkIterations)
                    throw new ArgumentOutOfRangeException(nameof(program), program.WorkIterations,
                        $"the doorbell's work iterations must be 0..{MaxWorkIterations}");
                if (program.Targets.Count is < 1 or > MaxTargets)
                    throw new ArgumentOutOfRangeException(nameof(program), program.Targets.Count,
                        $"the doorbell's target count must be 1..{MaxTargets}");
                return Assemble("doorbell", program, maxVcpuId, program.Targets,
                    (e, _) => GuestCode.Doorbell(e, program.WorkIterations, program.Targets.Count, program.Rings));
            default:
                throw new ArgumentOutOfRangeException(nameof(program), program.Kind, "an unknown guest program kind");
        }
    }

    /// <summary>A program that triple-faults at once (an empty IDT, then <c>ud2</c>): KVM_EXIT_SHUTDOWN.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxVcpuId"/> is outside 0..<see cref="MaxVcpuIdLimit"/>.</exception>
    public static GuestImage BuildTripleFault(int maxVcpuId)
    {
        CheckMaxVcpuId(maxVcpuId);
        return Assemble("triple-fault", null, maxVcpuId, [], (e, _) => GuestCode.TripleFault(e, GuestLayout.DataAddress),
            new GuestMemoryRegion("empty-idt-descriptor", GuestLayout.DataAddress, new byte[EmptyIdtDescriptorSize]));
    }

    /// <summary>
    /// A program that writes <see cref="ContainmentValue"/> once to <paramref name="port"/> (a port
    /// the VMM does not serve), then idles in the halt loop taking interrupts.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxVcpuId"/> is outside 0..<see cref="MaxVcpuIdLimit"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="port"/> is the doorbell.</exception>
    public static GuestImage BuildUnknownPort(int maxVcpuId, ushort port)
    {
        CheckMaxVcpuId(maxVcpuId);
        if (port == GuestPorts.Doorbell)
            throw new ArgumentException($"port 0x{port:x} is the doorbell, not an unknown port", nameof(port));
        return Assemble("unknown-port", null, maxVcpuId, [], (e, _) => GuestCode.UnknownPort(e, port, ContainmentValue));
    }

    /// <summary>
    /// A program that stores <see cref="ContainmentValue"/> once at <see cref="GuestImage.MmioWindowAddress"/>
    /// (mapped, but past the end of memory: KVM_EXIT_MMIO), then idles in the halt loop taking interrupts.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxVcpuId"/> is outside 0..<see cref="MaxVcpuIdLimit"/>.</exception>
    public static GuestImage BuildUnmappedMmio(int maxVcpuId)
    {
        CheckMaxVcpuId(maxVcpuId);
        return Assemble("unmapped-mmio", null, maxVcpuId, [], (e, memorySize) => GuestCode.Store(e, memorySize, ContainmentValue));
    }

    private static void CheckMaxVcpuId(int maxVcpuId)
    {
        if (maxVcpuId is < 0 or > MaxVcpuIdLimit)
            throw new ArgumentOutOfRangeException(nameof(maxVcpuId), maxVcpuId,
                $"the largest vCPU id must be 0..{MaxVcpuIdLimit} (KVM_CAP_MAX_VCPU_ID is {MaxVcpuIdLimit + 1})");
    }

    /// <param name="emitProgram">Emits the program at the entry point; gets the memory size (the MMIO window's address).</param>
    private static GuestImage Assemble(
        string name, GuestProgram? program, int maxVcpuId, IReadOnlyList<int> targets,
        Action<X86Emitter, ulong> emitProgram, GuestMemoryRegion? data = null)
    {
        // The layout does not depend on the code (it has a fixed capacity), so it comes first.
        int vcpus = maxVcpuId + 1;
        ulong countersAddress = AlignUp(GuestLayout.TargetsAddress + (ulong)targets.Count * sizeof(int), GuestLayout.PageSize);
        ulong stacksAddress = AlignUp(countersAddress + (ulong)vcpus * GuestLayout.CounterStride, GuestLayout.PageSize);
        ulong end = stacksAddress + (ulong)vcpus * GuestLayout.StackSize;
        ulong memorySize = AlignUp(end, GuestLayout.LargePageSize);

        var emitter = new X86Emitter(GuestLayout.CodeAddress);
        emitProgram(emitter, memorySize);
        var handler = emitter.CreateLabel("interrupt-handler");
        emitter.Bind(handler);
        GuestCode.Handler(emitter);
        byte[] code = emitter.ToArray();
        if (code.Length > GuestLayout.CodeCapacity)
            throw new InvalidOperationException($"{name}'s code is {code.Length} bytes; the layout has room for {GuestLayout.CodeCapacity}");
        ulong handlerAddress = emitter.AddressOf(handler);

        var regions = new List<GuestMemoryRegion>(SystemTables.PageTables(memorySize + GuestLayout.LargePageSize))
        {
            SystemTables.Gdt(),
            SystemTables.Idt(GuestImage.InterruptVector, handlerAddress),
        };
        if (data is not null)
            regions.Add(data);
        regions.Add(new GuestMemoryRegion("code", GuestLayout.CodeAddress, code));
        if (targets.Count > 0)
            regions.Add(new GuestMemoryRegion("targets", GuestLayout.TargetsAddress, TargetTable(targets)));

        var gdt = regions.Single(r => r.Name == "gdt");
        var idt = regions.Single(r => r.Name == "idt");
        var cpu = new CpuSetup(
            Cr0: Cr0ProtectionEnable | Cr0ExtensionType | Cr0Paging,
            Cr3: GuestLayout.Pml4Address,
            Cr4: Cr4Pae,
            Efer: EferLme | EferLma,
            GdtBase: gdt.Address, GdtLimit: (ushort)(gdt.Bytes.Length - 1),
            IdtBase: idt.Address, IdtLimit: (ushort)(idt.Bytes.Length - 1),
            Code: new SegmentSetup(GuestLayout.CodeSelector, Base: 0, Limit: 0xFFFF_FFFF, Type: 11, Present: true, Dpl: 0,
                S: true, L: true, Db: false, G: true),
            Data: new SegmentSetup(GuestLayout.DataSelector, Base: 0, Limit: 0xFFFF_FFFF, Type: 3, Present: true, Dpl: 0,
                S: true, L: false, Db: true, G: true),
            Rflags: RflagsReserved,
            Rip: GuestLayout.CodeAddress);
        return new GuestImage(name, program, maxVcpuId, memorySize, [.. regions], cpu, handlerAddress, targets.Count,
            countersAddress, stacksAddress);
    }

    /// <summary>The targets as the guest reads them: 32-bit little-endian, negative ids as their two's complement.</summary>
    private static byte[] TargetTable(IReadOnlyList<int> targets)
    {
        var table = new byte[targets.Count * sizeof(int)];
        for (int i = 0; i < targets.Count; i++)
            BinaryPrimitives.WriteInt32LittleEndian(table.AsSpan(i * sizeof(int)), targets[i]);
        return table;
    }

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) / alignment * alignment;
}
