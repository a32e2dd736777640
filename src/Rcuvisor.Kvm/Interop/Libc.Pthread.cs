using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm.Interop;

internal static partial class Libc
{
    /// <summary>pthread_self(3): the calling thread's pthread_t (an address on glibc).</summary>
    [LibraryImport(Name, EntryPoint = "pthread_self")]
    internal static partial nuint PthreadSelf();

    /// <summary>pthread_kill(3): returns the error number itself (0 on success); errno is untouched.</summary>
    [LibraryImport(Name, EntryPoint = "pthread_kill")]
    internal static partial int PthreadKill(nuint thread, int signal);
}
