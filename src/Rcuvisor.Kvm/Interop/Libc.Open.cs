using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm.Interop;

internal static partial class Libc
{
    /// <summary>open(2) flags (x86-64 Linux values).</summary>
    [Flags]
    internal enum OpenFlags
    {
        ReadWrite = 0x2,       // O_RDWR
        CloseOnExec = 0x80000, // O_CLOEXEC
    }

    /// <summary>open(2); -1 on failure, errno kept. Wrap the fd in a <see cref="FileDescriptorHandle"/> at once.</summary>
    [LibraryImport(Name, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Open(string path, OpenFlags flags);

    /// <summary>close(2).</summary>
    [LibraryImport(Name, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
