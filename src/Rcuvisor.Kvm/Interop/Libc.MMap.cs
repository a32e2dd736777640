using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm.Interop;

internal static partial class Libc
{
    /// <summary>mmap(2)/mprotect(2) protections.</summary>
    [Flags]
    internal enum MemoryProtection
    {
        None = 0x0,
        Read = 0x1,
        Write = 0x2,
        Execute = 0x4,
    }

    /// <summary>mmap(2) flags (x86-64 Linux values).</summary>
    [Flags]
    internal enum MapFlags
    {
        Shared = 0x01,
        Private = 0x02,
        Anonymous = 0x20,
        NoReserve = 0x4000,
    }

    /// <summary>What mmap(2) returns on failure.</summary>
    internal const nint MapFailed = -1;

    /// <summary>mmap(2) of anonymous memory (fd -1).</summary>
    [LibraryImport(Name, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint MMap(nint address, nuint length, MemoryProtection protection, MapFlags flags, int fd, long offset);

    /// <summary>mmap(2) of a file descriptor (the vCPU's kvm_run page).</summary>
    [LibraryImport(Name, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint MMap(nint address, nuint length, MemoryProtection protection, MapFlags flags, FileDescriptorHandle fd, long offset);

    /// <summary>munmap(2).</summary>
    [LibraryImport(Name, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int MUnmap(nint address, nuint length);

    /// <summary>mprotect(2).</summary>
    [LibraryImport(Name, EntryPoint = "mprotect", SetLastError = true)]
    internal static partial int MProtect(nint address, nuint length, MemoryProtection protection);
}
