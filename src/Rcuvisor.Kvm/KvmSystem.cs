using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Rcuvisor.Kvm.Interop;

namespace Rcuvisor.Kvm;

/// <summary>
/// The KVM system fd (<c>/dev/kvm</c>, opened O_RDWR | O_CLOEXEC): capabilities, and the
/// factory of VMs (rust-vmm kvm-ioctls' <c>Kvm</c>). Each VM it creates owns its own fd.
/// </summary>
public sealed unsafe class KvmSystem : IDisposable
{
    /// <summary>Where KVM lives.</summary>
    public const string DefaultPath = "/dev/kvm";

    /// <summary>The guess when neither KVM_CAP_MAX_VCPUS nor KVM_CAP_NR_VCPUS answers (the API doc's 4).</summary>
    public const int FallbackMaxVcpus = 4;

    private readonly FileDescriptorHandle _fd;

    private KvmSystem(FileDescriptorHandle fd, string path)
    {
        _fd = fd;
        Path = path;
        ApiVersion = Libc.IoctlValue(_fd, KvmIoctls.GetApiVersion, 0);
        if (ApiVersion < 0)
        {
            throw KvmException.FromLastError("KVM_GET_API_VERSION", path);
        }
        if (ApiVersion != KvmApiVersionException.Expected)
        {
            throw new KvmApiVersionException(path, ApiVersion);
        }
    }

    /// <summary>The device path opened.</summary>
    public string Path { get; }

    /// <summary>KVM_GET_API_VERSION: always 12 here (the constructor refuses any other).</summary>
    public int ApiVersion { get; }

    /// <summary>KVM_GET_VCPU_MMAP_SIZE: the length of each vCPU's kvm_run mapping.</summary>
    public int VcpuMmapSize => CheckedIoctl("KVM_GET_VCPU_MMAP_SIZE", KvmIoctls.GetVcpuMmapSize, 0);

    /// <summary>The most vCPUs a VM may have: KVM_CAP_MAX_VCPUS, else KVM_CAP_NR_VCPUS, else 4.</summary>
    public int MaxVcpus
    {
        get
        {
            int max = CheckExtension(KvmCap.MaxVcpus);
            int recommended = CheckExtension(KvmCap.NrVcpus);
            return max > 0 ? max : recommended > 0 ? recommended : FallbackMaxVcpus;
        }
    }

    /// <summary>vCPU ids must be below this: KVM_CAP_MAX_VCPU_ID, else <see cref="MaxVcpus"/>.</summary>
    public int MaxVcpuId
    {
        get
        {
            int maxId = CheckExtension(KvmCap.MaxVcpuId);
            return maxId > 0 ? maxId : MaxVcpus;
        }
    }

    /// <summary>Opens KVM; throws <see cref="KvmException"/> or <see cref="KvmApiVersionException"/>.</summary>
    public static KvmSystem Open(string path = DefaultPath)
    {
        int number = Libc.Open(path, Libc.OpenFlags.ReadWrite | Libc.OpenFlags.CloseOnExec);
        if (number < 0)
        {
            throw KvmException.FromLastError("open", path, "O_RDWR|O_CLOEXEC");
        }
        var fd = new FileDescriptorHandle(number);
        try
        {
            return new KvmSystem(fd, path);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Opens /dev/kvm, or says precisely why it cannot.</summary>
    public static bool TryOpen([NotNullWhen(true)] out KvmSystem? kvm, out string reason) =>
        TryOpen(DefaultPath, out kvm, out _, out reason);

    /// <summary>
    /// Opens <paramref name="path"/>, or says why not: absent (ENOENT, ENODEV, ENXIO),
    /// permission denied (EACCES, EPERM), wrong API version, or another errno.
    /// </summary>
    public static bool TryOpen(string path, [NotNullWhen(true)] out KvmSystem? kvm, out KvmOpenFailure failure, out string reason)
    {
        kvm = null;
        try
        {
            kvm = Open(path);
            failure = KvmOpenFailure.None;
            reason = $"{path} opened: KVM API version {kvm.ApiVersion}";
            return true;
        }
        catch (KvmException e) when (e.Call == "open" && e.Errno is Errno.ENOENT or Errno.ENODEV or Errno.ENXIO)
        {
            failure = KvmOpenFailure.Absent;
            reason = $"KVM is absent: {e.Message}";
        }
        catch (KvmException e) when (e.Call == "open" && e.Errno is Errno.EACCES or Errno.EPERM)
        {
            failure = KvmOpenFailure.PermissionDenied;
            reason = $"permission denied: {e.Message} (is this user in the kvm group?)";
        }
        catch (KvmApiVersionException e)
        {
            failure = KvmOpenFailure.WrongApiVersion;
            reason = $"wrong API version: {e.Message}";
        }
        catch (KvmException e)
        {
            failure = KvmOpenFailure.OtherError;
            reason = e.Message;
        }
        return false;
    }

    /// <summary>KVM_CHECK_EXTENSION: 0 when absent, else 1 or a number (a count, a mask).</summary>
    public int CheckExtension(KvmCap capability) =>
        CheckedIoctl("KVM_CHECK_EXTENSION", KvmIoctls.CheckExtension, (ulong)capability, $"capability {capability}");

    /// <summary>KVM_GET_SUPPORTED_CPUID: the CPUID leaves KVM can give a guest (grows its buffer on E2BIG).</summary>
    public KvmCpuidEntry2[] GetSupportedCpuid()
    {
        for (int capacity = 64; ; capacity *= 2)
        {
            int bytes = sizeof(KvmCpuid2) + capacity * sizeof(KvmCpuidEntry2);
            byte* buffer = (byte*)NativeMemory.AllocZeroed((nuint)bytes);
            try
            {
                // SAFETY: buffer holds the header and capacity entries, and nent says so, so KVM writes inside it.
                ((KvmCpuid2*)buffer)->Nent = (uint)capacity;
                if (Libc.Ioctl(_fd, KvmIoctls.GetSupportedCpuid, buffer) == 0)
                {
                    int count = (int)Math.Min(((KvmCpuid2*)buffer)->Nent, (uint)capacity);
                    return new ReadOnlySpan<KvmCpuidEntry2>(buffer + sizeof(KvmCpuid2), count).ToArray();
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.E2BIG || capacity >= 1 << 16)
                {
                    throw new KvmException("KVM_GET_SUPPORTED_CPUID", Path, errno, $"{capacity} entries");
                }
            }
            finally
            {
                NativeMemory.Free(buffer);
            }
        }
    }

    /// <summary>KVM_CREATE_VM (machine type 0): a new VM owning its own fd.</summary>
    public KvmVmFd CreateVm()
    {
        int mmapSize = VcpuMmapSize; // asked first, so a failure here cannot leak the VM's fd
        int vm = Libc.IoctlValue(_fd, KvmIoctls.CreateVm, 0);
        if (vm < 0)
        {
            throw KvmException.FromLastError("KVM_CREATE_VM", Path);
        }
        return new KvmVmFd(new FileDescriptorHandle(vm), mmapSize);
    }

    /// <summary>Closes the system fd (VMs already created keep working).</summary>
    public void Dispose() => _fd.Dispose();

    private int CheckedIoctl(string call, nuint request, ulong argument, string? detail = null)
    {
        int result = Libc.IoctlValue(_fd, request, argument);
        return result >= 0 ? result : throw KvmException.FromLastError(call, Path, detail);
    }
}
