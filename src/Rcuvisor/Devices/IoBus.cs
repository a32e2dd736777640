using System.Diagnostics.CodeAnalysis;

namespace Rcuvisor.Devices;

/// <summary>
/// The devices of one address space, port I/O or MMIO (KVM's <c>KVM_PIO_BUS</c> and
/// <c>KVM_MMIO_BUS</c>). Immutable once built, so vCPU threads look devices up with
/// plain loads; a VM has a handful of devices, so a walk of a sorted array is the lookup.
/// </summary>
public sealed class IoBus
{
    private readonly IoDeviceMapping[] _mappings; // sorted by Start, disjoint

    /// <summary>Throws <see cref="ArgumentException"/> naming two mappings that overlap.</summary>
    public IoBus(IEnumerable<IoDeviceMapping> mappings)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        _mappings = [.. mappings.OrderBy(m => m.Start)];
        for (int i = 1; i < _mappings.Length; i++)
        {
            if (_mappings[i].Start <= _mappings[i - 1].Last)
                throw new ArgumentException($"I/O devices overlap: {_mappings[i - 1]} and {_mappings[i]}.", nameof(mappings));
        }
    }

    public static IoBus Empty { get; } = new([]);

    public IReadOnlyList<IoDeviceMapping> Mappings => _mappings;

    /// <summary>The device whose range holds the whole access, if any.</summary>
    public bool TryFind(ulong address, int size, [NotNullWhen(true)] out IIoDevice? device)
    {
        foreach (var mapping in _mappings)
        {
            if (mapping.Covers(address, size))
            {
                device = mapping.Device;
                return true;
            }
            if (mapping.Start > address)
                break;
        }
        device = null;
        return false;
    }

    /// <summary>A bus with these devices added; throws as the constructor does.</summary>
    public IoBus With(params IEnumerable<IoDeviceMapping> more) => new([.. _mappings, .. more]);
}
