using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary>
/// The fixed header of <c>struct kvm_cpuid2</c>; <see cref="Nent"/> entries
/// (<see cref="KvmCpuidEntry2"/>) follow it in memory. The ioctl size is the header's.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmCpuid2
{
    /// <summary><c>nent</c>: the number of entries that follow.</summary>
    public uint Nent;
    /// <summary><c>padding</c>.</summary>
    public uint Padding;
}
