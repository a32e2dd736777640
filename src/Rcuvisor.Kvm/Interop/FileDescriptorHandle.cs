using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm.Interop;

/// <summary>
/// Owns one file descriptor and closes it on release. -1 is invalid; 0 is a valid fd.
/// Passing it to an import holds a reference for the call, so a fd in a blocking
/// KVM_RUN is closed only after the call returns.
/// </summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    /// <summary>
    /// Takes ownership of <paramref name="fd"/>. Imports return the fd as an int and the caller
    /// wraps it: a SafeHandle return would read all of RAX, and C's int -1 leaves its upper half
    /// zero, so a failed open would look like fd 4294967295 (the open tests caught exactly that).
    /// </summary>
    public FileDescriptorHandle(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle < 0;

    /// <summary>The fd number, for messages (never for calls: pass the handle).</summary>
    public int Number => (int)handle;

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
