using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm.Interop;

internal static partial class Libc
{
    // ioctl(2) is variadic in C; on x86-64 SysV a variadic callee reads an integer or
    // pointer third argument from the same register as a fixed one, so fixed-signature
    // imports are sound. Two shapes: a pointer to a struct, or a plain integer value.

    /// <summary>ioctl(2) whose argument points to a struct of the size the request encodes.</summary>
    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int Ioctl(FileDescriptorHandle fd, nuint request, void* argument);

    /// <summary>ioctl(2) whose argument is an integer (a capability, an id, an address, or unused 0).</summary>
    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int IoctlValue(FileDescriptorHandle fd, nuint request, ulong argument);

}
