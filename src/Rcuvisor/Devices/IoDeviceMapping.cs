namespace Rcuvisor.Devices;

/// <summary>A device mapped at [<see cref="Start"/>, <see cref="Start"/> + <see cref="Length"/>) of a port or MMIO space.</summary>
public sealed record IoDeviceMapping
{
    public IoDeviceMapping(ulong start, ulong length, IIoDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (length == 0 || start + length < start)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"A device at 0x{start:x} needs a length of 1 to 2^64 - 0x{start:x} bytes.");
        Start = start;
        Length = length;
        Device = device;
    }

    public ulong Start { get; }

    public ulong Length { get; }

    public IIoDevice Device { get; }

    /// <summary>The last address, inclusive (the end may be 2^64, which a ulong cannot hold).</summary>
    public ulong Last => Start + (Length - 1);

    /// <summary>True when the whole access [address, address + size) falls inside this mapping.</summary>
    public bool Covers(ulong address, int size) =>
        address >= Start && address - Start <= Length - (ulong)Math.Max(size, 1);

    public override string ToString() => $"[0x{Start:x}, 0x{Last:x}] {Device.GetType().Name}";
}
