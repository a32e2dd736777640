namespace Rcuvisor.Backends;

/// <summary>
/// One exit from the guest, decoded once at the backend boundary into a typed value
/// (kvm-ioctls' <c>VcpuExit</c>). A struct, so an exit allocates nothing.
/// </summary>
public readonly record struct VcpuExit
{
    private VcpuExit(VcpuExitKind kind, ushort port, uint value, string? reason)
    {
        Kind = kind;
        Port = port;
        Value = value;
        Reason = reason;
    }

    public VcpuExitKind Kind { get; }

    /// <summary>The I/O port of an <see cref="VcpuExitKind.Io"/> exit; guest-controlled, untrusted.</summary>
    public ushort Port { get; }

    /// <summary>The value written by an <see cref="VcpuExitKind.Io"/> exit; guest-controlled, untrusted.</summary>
    public uint Value { get; }

    /// <summary>Why an <see cref="VcpuExitKind.Error"/> exit happened; null for the others.</summary>
    public string? Reason { get; }

    public static VcpuExit Io(ushort port, uint value) => new(VcpuExitKind.Io, port, value, null);

    public static VcpuExit Halt { get; } = new(VcpuExitKind.Halt, 0, 0, null);

    public static VcpuExit Interrupted { get; } = new(VcpuExitKind.Interrupted, 0, 0, null);

    public static VcpuExit Shutdown { get; } = new(VcpuExitKind.Shutdown, 0, 0, null);

    /// <summary>Pass a constant or cached reason: the vCPU path must not build strings.</summary>
    public static VcpuExit Error(string reason) => new(VcpuExitKind.Error, 0, 0, reason);

    public override string ToString() => Kind switch
    {
        VcpuExitKind.Io => $"Io(0x{Port:x}, {Value})",
        VcpuExitKind.Error => $"Error({Reason})",
        _ => Kind.ToString(),
    };
}
