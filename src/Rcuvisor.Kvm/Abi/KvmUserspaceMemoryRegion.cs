using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>struct kvm_userspace_memory_region</c>: KVM_SET_USER_MEMORY_REGION.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmUserspaceMemoryRegion
{
    /// <summary><c>slot</c>.</summary>
    public uint Slot;
    /// <summary><c>flags</c>: KVM_MEM_LOG_DIRTY_PAGES (1), KVM_MEM_READONLY (2).</summary>
    public uint Flags;
    /// <summary><c>guest_phys_addr</c>.</summary>
    public ulong GuestPhysAddr;
    /// <summary><c>memory_size</c>, bytes; 0 deletes the slot.</summary>
    public ulong MemorySize;
    /// <summary><c>userspace_addr</c>: where the memory is mapped in this process.</summary>
    public ulong UserspaceAddr;
}
