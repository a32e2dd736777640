namespace Rcuvisor.Kvm;

/// <summary>Why <see cref="KvmSystem.TryOpen(string, out KvmSystem?, out KvmOpenFailure, out string)"/> could not open KVM.</summary>
public enum KvmOpenFailure
{
    /// <summary>It opened.</summary>
    None,
    /// <summary>The device does not exist (ENOENT, ENODEV, ENXIO): no KVM on this machine.</summary>
    Absent,
    /// <summary>The device exists but this user may not open it (EACCES, EPERM).</summary>
    PermissionDenied,
    /// <summary>It opened but KVM_GET_API_VERSION is not 12.</summary>
    WrongApiVersion,
    /// <summary>Any other errno from open or from the first ioctl.</summary>
    OtherError,
}
