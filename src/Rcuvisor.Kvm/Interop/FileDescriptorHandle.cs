using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm.Interop;

/// <summary>
/// Owns one file descriptor and closes it on release. -1 is invalid; 0 is a valid fd.
/// Passing it to an import holds a reference for the call, so a fd in a blocking
/// KVM_RUN is closed only after the call returns.
/// </summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    /// <summary>For the interop marshaller, which sets the handle itself.</summary>
    public FileDescriptorHandle()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle < 0;

    /// <summary>The fd number, for messages (never for calls: pass the handle).</summary>
    public int Number => (int)handle;

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
