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

    /// <summary>open(2); an invalid handle (-1) on failure, errno kept.</summary>
    [LibraryImport(Name, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial FileDescriptorHandle Open(string path, OpenFlags flags);

    /// <summary>close(2).</summary>
    [LibraryImport(Name, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);
}
