using System.Runtime.CompilerServices;

namespace Rcuvisor.Kvm;

/// <summary>
/// Every KVM ioctl number this backend uses, one declarative line each, computed by the
/// one <c>_IOC</c> encoder (<see cref="Encode"/>) from the struct it carries (kvm-ioctls'
/// <c>kvm_ioctls.rs</c>). The ABI test checks each against <c>&lt;linux/kvm.h&gt;</c>.
/// </summary>
public static class KvmIoctls
{
    /// <summary>KVMIO, the ioctl type byte of every KVM request.</summary>
    public const uint KvmIo = 0xAE;

    /// <summary>_IOC_NONE: no argument copied.</summary>
    public const uint DirectionNone = 0;

    /// <summary>_IOC_WRITE: userspace writes, the kernel reads the argument.</summary>
    public const uint DirectionWrite = 1;

    /// <summary>_IOC_READ: the kernel writes the argument.</summary>
    public const uint DirectionRead = 2;

    // system fd (/dev/kvm)
    public static readonly nuint GetApiVersion = Io(0x00);
    public static readonly nuint CreateVm = Io(0x01);
    public static readonly nuint CheckExtension = Io(0x03);
    public static readonly nuint GetVcpuMmapSize = Io(0x04);
    public static readonly nuint GetSupportedCpuid = IoWR<KvmCpuid2>(0x05); // KVM_CAP_EXT_CPUID

    // vm fd
    public static readonly nuint CreateVcpu = Io(0x41);
    public static readonly nuint SetUserMemoryRegion = IoW<KvmUserspaceMemoryRegion>(0x46); // KVM_CAP_USER_MEMORY
    public static readonly nuint SetTssAddr = Io(0x47); // KVM_CAP_SET_TSS_ADDR
    public static readonly nuint SetIdentityMapAddr = IoW<ulong>(0x48); // KVM_CAP_SET_IDENTITY_MAP_ADDR

    // vcpu fd
    public static readonly nuint Run = Io(0x80);
    public static readonly nuint GetRegs = IoR<KvmRegs>(0x81);
    public static readonly nuint SetRegs = IoW<KvmRegs>(0x82);
    public static readonly nuint GetSregs = IoR<KvmSregs>(0x83);
    public static readonly nuint SetSregs = IoW<KvmSregs>(0x84);
    public static readonly nuint Interrupt = IoW<KvmInterrupt>(0x86); // userspace irqchip only
    public static readonly nuint SetCpuid2 = IoW<KvmCpuid2>(0x90); // KVM_CAP_EXT_CPUID
    public static readonly nuint GetMpState = IoR<KvmMpState>(0x98); // KVM_CAP_MP_STATE
    public static readonly nuint SetMpState = IoW<KvmMpState>(0x99); // KVM_CAP_MP_STATE
    public static readonly nuint GetVcpuEvents = IoR<KvmVcpuEvents>(0x9f); // KVM_CAP_VCPU_EVENTS
    public static readonly nuint SetVcpuEvents = IoW<KvmVcpuEvents>(0xa0); // KVM_CAP_VCPU_EVENTS

    /// <summary>
    /// Linux's <c>_IOC(dir, type, nr, size)</c>: <c>dir &lt;&lt; 30 | size &lt;&lt; 16 | type &lt;&lt; 8 | nr</c>.
    /// </summary>
    public static nuint Encode(uint direction, uint type, uint number, uint size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(direction, 3u);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(type, 0xFFu);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 0xFFu);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, 0x3FFFu); // _IOC_SIZEBITS is 14
        return (nuint)((direction << 30) | (size << 16) | (type << 8) | number);
    }

    private static nuint Io(uint number) => Encode(DirectionNone, KvmIo, number, 0);

    private static nuint IoR<T>(uint number) where T : unmanaged =>
        Encode(DirectionRead, KvmIo, number, (uint)Unsafe.SizeOf<T>());

    private static nuint IoW<T>(uint number) where T : unmanaged =>
        Encode(DirectionWrite, KvmIo, number, (uint)Unsafe.SizeOf<T>());

    private static nuint IoWR<T>(uint number) where T : unmanaged =>
        Encode(DirectionRead | DirectionWrite, KvmIo, number, (uint)Unsafe.SizeOf<T>());
}
