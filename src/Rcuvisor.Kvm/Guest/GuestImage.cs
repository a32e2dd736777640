using Rcuvisor.Backends;

namespace Rcuvisor.Kvm.Guest;

/// <summary>
/// A guest program assembled for KVM: the memory contents, the CPU state every vCPU starts
/// in, and the per-vCPU registers and counter addresses. Plain values only, so the backend
/// decides how to load them (it knows the KVM structs; this does not).
/// </summary>
/// <remarks>
/// Loading: map <see cref="MemorySize"/> zero-filled bytes at guest-physical 0 (and nothing at
/// <see cref="MmioWindowAddress"/>), call <see cref="WriteTo"/>, give every vCPU
/// <see cref="Cpu"/> through KVM_SET_SREGS and <see cref="RegistersFor"/> through KVM_SET_REGS,
/// and inject interrupts on <see cref="InterruptVector"/>. The guest's own count of the
/// interrupts it took is the 8-byte little-endian value at <see cref="CounterAddress"/>.
/// </remarks>
public sealed class GuestImage
{
    /// <summary>The one vector with a gate: the VMM injects its interrupts here. Any other vector, or any exception, triple-faults.</summary>
    public const byte InterruptVector = 0x20;

    private readonly GuestMemoryRegion[] _regions;

    internal GuestImage(
        string name, GuestProgram? program, int maxVcpuId, ulong memorySize, GuestMemoryRegion[] regions, CpuSetup cpu,
        ulong handlerAddress, int targetCount, ulong countersAddress, ulong stacksAddress)
    {
        Name = name;
        Program = program;
        MaxVcpuId = maxVcpuId;
        MemorySize = memorySize;
        _regions = regions;
        Cpu = cpu;
        HandlerAddress = handlerAddress;
        TargetCount = targetCount;
        CountersAddress = countersAddress;
        StacksAddress = stacksAddress;
    }

    /// <summary>What the image runs: the program's kind, or the name of a test program ("triple-fault", ...).</summary>
    public string Name { get; }

    /// <summary>The program assembled, or null for the test programs that have no <see cref="GuestProgramKind"/>.</summary>
    public GuestProgram? Program { get; }

    /// <summary>The largest vCPU id the image has a stack and a counter for.</summary>
    public int MaxVcpuId { get; }

    /// <summary>Bytes of guest memory, from guest-physical 0; a multiple of 2 MiB.</summary>
    public ulong MemorySize { get; }

    /// <summary>
    /// The start of 2 MiB the page tables map but no memory backs: a guest access there is a
    /// KVM_EXIT_MMIO rather than a page fault. Equal to <see cref="MemorySize"/>.
    /// </summary>
    public ulong MmioWindowAddress => MemorySize;

    /// <summary>The non-zero parts of memory, in address order, none overlapping.</summary>
    public IReadOnlyList<GuestMemoryRegion> Regions => _regions;

    /// <summary>The code region: the entry point is its first byte.</summary>
    public GuestMemoryRegion Code => _regions.Single(r => r.Name == "code");

    /// <summary>The special registers every vCPU starts with.</summary>
    public CpuSetup Cpu { get; }

    /// <summary>Where every vCPU starts.</summary>
    public ulong EntryPoint => Cpu.Rip;

    /// <summary>The CPL0 interrupt handler the gate for <see cref="InterruptVector"/> points at.</summary>
    public ulong HandlerAddress { get; }

    /// <summary>The doorbell's targets table (4 bytes per target, little-endian).</summary>
    public ulong TargetsAddress => GuestLayout.TargetsAddress;

    /// <summary>Entries in the targets table (0 for programs without targets).</summary>
    public int TargetCount { get; }

    /// <summary>vCPU 0's counter; vCPU n's is <see cref="GuestLayout.CounterStride"/> × n further.</summary>
    public ulong CountersAddress { get; }

    /// <summary>The bottom of vCPU 0's stack; vCPU n's stack is the <see cref="GuestLayout.StackSize"/> bytes n stacks further.</summary>
    public ulong StacksAddress { get; }

    /// <summary>The address of vCPU <paramref name="vcpuId"/>'s interrupt counter (8 bytes, little-endian).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside 0..<see cref="MaxVcpuId"/>.</exception>
    public ulong CounterAddress(int vcpuId) => CountersAddress + (ulong)CheckId(vcpuId) * GuestLayout.CounterStride;

    /// <summary>The initial stack pointer of vCPU <paramref name="vcpuId"/>: the end of its own stack, 16-byte aligned.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside 0..<see cref="MaxVcpuId"/>.</exception>
    public ulong StackTop(int vcpuId) => StacksAddress + ((ulong)CheckId(vcpuId) + 1) * GuestLayout.StackSize;

    /// <summary>
    /// The general registers vCPU <paramref name="vcpuId"/> starts with: RIP and RFLAGS from
    /// <see cref="Cpu"/>, RSP its stack top, RDI its id, RSI the doorbell's start index
    /// (<c>id % TargetCount</c>, computed here so the guest needs no division), R15 its counter's address.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside 0..<see cref="MaxVcpuId"/>.</exception>
    public GuestRegisters RegistersFor(int vcpuId) => new()
    {
        Rip = Cpu.Rip,
        Rflags = Cpu.Rflags,
        Rsp = StackTop(vcpuId),
        Rdi = (ulong)vcpuId,
        Rsi = TargetCount == 0 ? 0 : (ulong)(vcpuId % TargetCount),
        R15 = CounterAddress(vcpuId),
    };

    /// <summary>
    /// Writes every region into <paramref name="memory"/>, guest-physical 0 at index 0. The
    /// memory must be zero-filled already (a fresh anonymous mapping is): only the regions
    /// are written, so the stacks' megabytes are never touched here.
    /// </summary>
    /// <exception cref="ArgumentException">The span is shorter than <see cref="MemorySize"/>.</exception>
    public void WriteTo(Span<byte> memory)
    {
        if ((ulong)memory.Length < MemorySize)
            throw new ArgumentException(
                $"guest memory is {memory.Length} bytes; the image needs {MemorySize}", nameof(memory));
        foreach (var region in _regions)
            region.Bytes.Span.CopyTo(memory[(int)region.Address..]);
    }

    private int CheckId(int vcpuId)
    {
        if (vcpuId < 0 || vcpuId > MaxVcpuId)
            throw new ArgumentOutOfRangeException(nameof(vcpuId), vcpuId, $"the image has vCPU ids 0..{MaxVcpuId}");
        return vcpuId;
    }
}
