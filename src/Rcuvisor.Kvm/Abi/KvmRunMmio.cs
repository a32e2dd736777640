using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>kvm_run.mmio</c>: the KVM_EXIT_MMIO view.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmRunMmio
{
    /// <summary><c>phys_addr</c>.</summary>
    public ulong PhysAddr;
    /// <summary><c>data[8]</c>, little-endian: the stored value, or the value a load will see.</summary>
    public ulong Data;
    /// <summary><c>len</c>: bytes accessed (1 to 8).</summary>
    public uint Len;
    /// <summary><c>is_write</c>.</summary>
    public byte IsWrite;
}
