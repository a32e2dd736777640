using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm.Interop;

internal static partial class Libc
{
    /// <summary>SA_RESTART: never set by us, so a kicked KVM_RUN (or read, poll) returns EINTR.</summary>
    internal const int SaRestart = 0x10000000;

    /// <summary>SA_SIGINFO: the handler takes (sig, info, context); ours takes nothing.</summary>
    internal const int SaSigInfo = 0x4;

    /// <summary>SIG_DFL: the handler field of a signal nobody has claimed.</summary>
    internal const nint SigDefault = 0;

    /// <summary>
    /// glibc's <c>struct sigaction</c> on x86-64 (152 bytes; the ABI test pins every offset).
    /// glibc's sigaction() fills in its own restorer.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SigAction
    {
        public nint Handler;        // sa_handler (union with sa_sigaction)
        public fixed ulong Mask[16]; // sa_mask: glibc's sigset_t is 1024 bits
        public int Flags;           // sa_flags
        public nint Restorer;       // sa_restorer
    }

    /// <summary>sigaction(2) through glibc; either pointer may be null.</summary>
    [LibraryImport(Name, EntryPoint = "sigaction", SetLastError = true)]
    internal static unsafe partial int SigActionCall(int signal, SigAction* action, SigAction* oldAction);

    /// <summary>sigemptyset(3) on a sigset_t of 128 bytes.</summary>
    [LibraryImport(Name, EntryPoint = "sigemptyset", SetLastError = true)]
    internal static unsafe partial int SigEmptySet(ulong* set);

    /// <summary>SIGRTMIN as this process sees it (glibc keeps the first few for itself).</summary>
    [LibraryImport(Name, EntryPoint = "__libc_current_sigrtmin")]
    internal static partial int CurrentSigRtMin();

    /// <summary>SIGRTMAX as this process sees it.</summary>
    [LibraryImport(Name, EntryPoint = "__libc_current_sigrtmax")]
    internal static partial int CurrentSigRtMax();
}
