namespace Rcuvisor.Devices;

/// <summary>A device mapped at [<see cref="Start"/>, <see cref="Start"/> + <see cref="Length"/>) of a port or MMIO space.</summary>
public sealed record IoDeviceMapping
{
    /// <summary>Maps <paramref name="device"/> at [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>); throws when the range is empty or wraps past 2^64.</summary>
    public IoDeviceMapping(ulong start, ulong length, IIoDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (length == 0 || start + length < start)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A device at 0x{start:x} needs a length of 1 to 2^64 - 0x{start:x} bytes.");
        Start = start;
        Length = length;
        Device = device;
    }

    /// <summary>The first address.</summary>
    public ulong Start { get; }

    /// <summary>The range's length in bytes (or ports); at least 1.</summary>
    public ulong Length { get; }

    /// <summary>The device accesses in the range go to.</summary>
    public IIoDevice Device { get; }

    /// <summary>The last address, inclusive (the end may be 2^64, which a ulong cannot hold).</summary>
    public ulong Last => Start + (Length - 1);

    /// <summary>True when the whole access [address, address + size) falls inside this mapping.</summary>
    public bool Covers(ulong address, int size) =>
        address >= Start && address - Start <= Length - (ulong)Math.Max(size, 1);

    /// <summary>The range and the device's type, for messages.</summary>
    public override string ToString() => $"[0x{Start:x}, 0x{Last:x}] {Device.GetType().Name}";
}
