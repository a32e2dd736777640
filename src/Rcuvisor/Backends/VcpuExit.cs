namespace Rcuvisor.Backends;

/// <summary>
/// One exit from the guest, decoded once at the backend boundary into a typed value
/// (kvm-ioctls' <c>VcpuExit</c>). A struct, so an exit allocates nothing.
/// </summary>
public readonly record struct VcpuExit
{
    /// <summary>How many kinds there are: counters indexed by kind size their arrays with it.</summary>
    public const int KindCount = (int)VcpuExitKind.InterruptWindow + 1;

    private VcpuExit(VcpuExitKind kind, ulong address = 0, byte size = 0, bool isWrite = false, ulong value = 0, string? reason = null)
    {
        Kind = kind;
        Address = address;
        Size = size;
        IsWrite = isWrite;
        Value = value;
        Reason = reason;
    }

    public VcpuExitKind Kind { get; }

    /// <summary>The port (<see cref="VcpuExitKind.Io"/>) or guest-physical address (<see cref="VcpuExitKind.Mmio"/>); guest-controlled, untrusted.</summary>
    public ulong Address { get; }

    /// <summary>The I/O port of an <see cref="VcpuExitKind.Io"/> exit.</summary>
    public ushort Port => (ushort)Address;

    /// <summary>Bytes accessed: 1, 2 or 4 for ports, up to 8 for MMIO.</summary>
    public byte Size { get; }

    /// <summary>True for OUT and MMIO stores; false for IN and MMIO loads.</summary>
    public bool IsWrite { get; }

    /// <summary>The value written by a write exit; guest-controlled, untrusted.</summary>
    public ulong Value { get; }

    /// <summary>Why an <see cref="VcpuExitKind.Error"/> or <see cref="VcpuExitKind.Shutdown"/> exit happened, if the backend knows.</summary>
    public string? Reason { get; }

    /// <summary>An OUT of 4 bytes: how the guest programs ring the doorbell.</summary>
    public static VcpuExit Io(ushort port, uint value) => IoOut(port, 4, value);

    public static VcpuExit IoOut(ushort port, byte size, ulong value) => new(VcpuExitKind.Io, port, size, isWrite: true, value);

    public static VcpuExit IoIn(ushort port, byte size) => new(VcpuExitKind.Io, port, size);

    public static VcpuExit MmioWrite(ulong address, byte size, ulong value) => new(VcpuExitKind.Mmio, address, size, isWrite: true, value);

    public static VcpuExit MmioRead(ulong address, byte size) => new(VcpuExitKind.Mmio, address, size);

    public static VcpuExit Halt { get; } = new(VcpuExitKind.Halt);

    public static VcpuExit Interrupted { get; } = new(VcpuExitKind.Interrupted);

    public static VcpuExit InterruptWindow { get; } = new(VcpuExitKind.InterruptWindow);

    public static VcpuExit Shutdown { get; } = new(VcpuExitKind.Shutdown, reason: "shutdown (triple fault)");

    /// <summary>Pass a constant or cached reason: the vCPU path must not build strings.</summary>
    public static VcpuExit ShutdownBecause(string reason) => new(VcpuExitKind.Shutdown, reason: reason);

    /// <summary>Pass a constant or cached reason: the vCPU path must not build strings.</summary>
    public static VcpuExit Error(string reason) => new(VcpuExitKind.Error, reason: reason);

    public override string ToString() => Kind switch
    {
        VcpuExitKind.Io => IsWrite ? $"Io(out 0x{Port:x}, {Value}, {Size} B)" : $"Io(in 0x{Port:x}, {Size} B)",
        VcpuExitKind.Mmio => IsWrite ? $"Mmio(store 0x{Address:x}, {Value}, {Size} B)" : $"Mmio(load 0x{Address:x}, {Size} B)",
        VcpuExitKind.Error or VcpuExitKind.Shutdown => $"{Kind}({Reason})",
        _ => Kind.ToString(),
    };
}
