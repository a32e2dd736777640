using Rcuvisor.Kvm.Interop;

namespace Rcuvisor.Kvm;

/// <summary>
/// One VM's fd (kvm-ioctls' <c>VmFd</c>), made by <see cref="KvmSystem.CreateVm"/>: memory
/// slots, the TSS address, and the factory of vCPUs, each owning its own fd. KVM frees a
/// vCPU only with its VM, so dispose the vCPUs, then the VM, then the guest memory.
/// </summary>
public sealed unsafe class KvmVmFd : IDisposable
{
    private readonly FileDescriptorHandle _fd;
    private readonly int _vcpuMmapSize;
    private readonly List<GuestMemoryMapping> _memory = []; // kept reachable while KVM maps them

    internal KvmVmFd(FileDescriptorHandle fd, int vcpuMmapSize)
    {
        _fd = fd;
        _vcpuMmapSize = vcpuMmapSize;
        Target = $"vm fd {fd.Number}";
    }

    /// <summary>"vm fd N", as errors name it.</summary>
    public string Target { get; }

    /// <summary>
    /// KVM_SET_USER_MEMORY_REGION: backs guest-physical [guestPhys, guestPhys + length) in
    /// <paramref name="slot"/> with <paramref name="memory"/>. The VM keeps the mapping reachable.
    /// </summary>
    public void SetUserMemoryRegion(uint slot, ulong guestPhys, GuestMemoryMapping memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var region = new KvmUserspaceMemoryRegion
        {
            Slot = slot,
            GuestPhysAddr = guestPhys,
            MemorySize = memory.Length,
            UserspaceAddr = (ulong)memory.Address,
        };
        // SAFETY: &region is a local of the size KVM_SET_USER_MEMORY_REGION encodes; KVM only reads it.
        if (Libc.Ioctl(_fd, KvmIoctls.SetUserMemoryRegion, &region) != 0)
        {
            throw KvmException.FromLastError("KVM_SET_USER_MEMORY_REGION", Target,
                $"slot {slot}, guest 0x{guestPhys:x}, {memory.Length} bytes");
        }
        lock (_memory)
        {
            _memory.Add(memory);
        }
    }

    /// <summary>KVM_SET_TSS_ADDR: three pages of guest-physical space KVM needs on Intel (below 4 GiB, unused).</summary>
    public void SetTssAddress(uint guestPhys)
    {
        if (Libc.IoctlValue(_fd, KvmIoctls.SetTssAddr, guestPhys) != 0)
        {
            throw KvmException.FromLastError("KVM_SET_TSS_ADDR", Target, $"0x{guestPhys:x}");
        }
    }

    /// <summary>
    /// KVM_CREATE_VCPU: vCPU <paramref name="id"/> (below KVM_CAP_MAX_VCPU_ID; KVM refuses
    /// others with EINVAL), its kvm_run page mapped and its kicker ready.
    /// </summary>
    public KvmVcpuFd CreateVcpu(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        int number = Libc.IoctlValue(_fd, KvmIoctls.CreateVcpu, (ulong)id);
        if (number < 0)
        {
            throw KvmException.FromLastError("KVM_CREATE_VCPU", Target, $"vcpu {id}");
        }
        var vcpu = new FileDescriptorHandle(number);
        try
        {
            return new KvmVcpuFd(vcpu, id, _vcpuMmapSize);
        }
        catch
        {
            vcpu.Dispose();
            throw;
        }
    }

    /// <summary>Closes the VM's fd; KVM destroys the VM when its vCPU fds are closed too.</summary>
    public void Dispose() => _fd.Dispose();
}
