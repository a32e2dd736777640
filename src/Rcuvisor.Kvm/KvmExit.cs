namespace Rcuvisor.Kvm;

/// <summary>
/// One exit of <see cref="KvmVcpuFd.Run"/>, the kvm_run union decoded once at the boundary
/// (kvm-ioctls' <c>VcpuExit</c>). A struct: decoding allocates nothing. Which properties
/// mean something depends on <see cref="Reason"/>; the others are 0. Everything in an Io or
/// Mmio exit comes from the guest and is untrusted.
/// </summary>
public readonly struct KvmExit
{
    private KvmExit(KvmExitReason reason, uint raw, ulong address = 0, ulong value = 0,
        uint count = 0, uint length = 0, KvmIoDirection direction = default, bool isWrite = false)
    {
        Reason = reason;
        RawExitReason = raw;
        Address = address;
        Value = value;
        Count = count;
        Length = length;
        Direction = direction;
        IsWrite = isWrite;
    }

    /// <summary>The decoded reason.</summary>
    public KvmExitReason Reason { get; }

    /// <summary><c>kvm_run.exit_reason</c> as KVM wrote it (0 after EINTR or EAGAIN).</summary>
    public uint RawExitReason { get; }

    /// <summary>Io: the port. Mmio: the guest-physical address.</summary>
    public ulong Address { get; }

    /// <summary>
    /// Io out: the first element written (size bytes, zero-extended). Mmio write: the bytes
    /// stored (little-endian). FailEntry/Unknown: the hardware reason. InternalError: the
    /// suberror. SystemEvent: the type. Otherwise 0.
    /// </summary>
    public ulong Value { get; }

    /// <summary>Io: the number of elements (1 unless rep ins/outs).</summary>
    public uint Count { get; }

    /// <summary>Io: bytes per element (1, 2 or 4). Mmio: bytes accessed (1 to 8).</summary>
    public uint Length { get; }

    /// <summary>Io: in or out.</summary>
    public KvmIoDirection Direction { get; }

    /// <summary>Mmio: a store (true) or a load (false).</summary>
    public bool IsWrite { get; }

    /// <summary>Io: the port.</summary>
    public ushort Port => (ushort)Address;

    /// <summary>FailEntry or Unknown: the hardware's reason.</summary>
    public ulong HardwareReason => Reason is KvmExitReason.FailEntry or KvmExitReason.Unknown ? Value : 0;

    /// <summary>InternalError: KVM_INTERNAL_ERROR_*.</summary>
    public uint Suberror => Reason == KvmExitReason.InternalError ? (uint)Value : 0;

    /// <summary>SystemEvent: KVM_SYSTEM_EVENT_*.</summary>
    public uint SystemEventType => Reason == KvmExitReason.SystemEvent ? (uint)Value : 0;

    /// <summary>A kick: KVM_RUN returned EINTR (raw reason 0) or exited with KVM_EXIT_INTR.</summary>
    public static KvmExit Interrupted(uint raw = 0) => new(KvmExitReason.Intr, raw);

    /// <summary>KVM_RUN returned EAGAIN.</summary>
    public static KvmExit Again => new(KvmExitReason.Again, 0);

    /// <summary>A port I/O exit.</summary>
    public static KvmExit Io(KvmIoDirection direction, ushort port, uint size, uint count, ulong value) =>
        new(KvmExitReason.Io, (uint)KvmExitCode.Io, port, value, count, size, direction);

    /// <summary>An MMIO exit.</summary>
    public static KvmExit Mmio(ulong physAddr, uint length, bool isWrite, ulong data) =>
        new(KvmExitReason.Mmio, (uint)KvmExitCode.Mmio, physAddr, data, length: length, isWrite: isWrite);

    /// <summary>An exit that carries only its reason, or one number (<see cref="Value"/>).</summary>
    public static KvmExit Simple(KvmExitReason reason, uint raw, ulong value = 0) => new(reason, raw, value: value);

    /// <inheritdoc />
    public override string ToString() => Reason switch
    {
        KvmExitReason.Io => $"Io({Direction} port 0x{Port:x} size {Length} count {Count} value 0x{Value:x})",
        KvmExitReason.Mmio => $"Mmio({(IsWrite ? "write" : "read")} 0x{Address:x} len {Length} data 0x{Value:x})",
        KvmExitReason.Unknown => $"Unknown(exit {RawExitReason}, hardware 0x{Value:x})",
        KvmExitReason.FailEntry or KvmExitReason.InternalError or KvmExitReason.SystemEvent => $"{Reason}(0x{Value:x})",
        _ => Reason.ToString(),
    };
}
