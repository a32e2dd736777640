using Rcuvisor.Kvm.Interop;

namespace Rcuvisor.Kvm;

/// <summary>
/// The process-wide signal that kicks vCPU threads out of KVM_RUN (Firecracker's pattern).
/// Installed once, on first use: a real-time signal above SIGRTMIN (the .NET runtime owns
/// SIGRTMIN itself), the first whose disposition is still SIG_DFL, chosen at run time and
/// validated ≤ SIGRTMAX. Its handler is native and does nothing — a single <c>ret</c> in a
/// page mapped RW, written, then made R+X — never managed code (a reverse P/Invoke in signal
/// context can deadlock the runtime). SA_RESTART is not set, so the interrupted KVM_RUN (or
/// any blocking call) returns EINTR. The page is never unmapped: sigaction points at it for
/// the life of the process.
/// </summary>
public static class KickSignal
{
    /// <summary>The first candidate is SIGRTMIN + this: SIGRTMIN is the runtime's activation signal.</summary>
    public const int FirstOffsetAboveRtMin = 1;

    private static readonly Lazy<int> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The signal number, installing the handler on first use; throws <see cref="KvmException"/> if it cannot.</summary>
    public static int Number => Installed.Value;

    /// <summary>The handler's address (the <c>ret</c> page), for tests that read the disposition back.</summary>
    internal static nint HandlerAddress { get; private set; }

    private static unsafe int Install()
    {
        nint page = MapReturnPage();
        int min = Libc.CurrentSigRtMin();
        int max = Libc.CurrentSigRtMax();
        for (int signal = min + FirstOffsetAboveRtMin; signal <= max; signal++)
        {
            Libc.SigAction current;
            // SAFETY: a local SigAction of glibc's layout (pinned by the ABI test); action null only reads.
            if (Libc.SigActionCall(signal, null, &current) != 0)
            {
                throw KvmException.FromLastError("sigaction (read)", $"signal {signal}");
            }
            if (current.Handler != Libc.SigDefault)
            {
                continue; // someone (PosixSignalRegistration, a native library) owns it: leave it
            }
            Libc.SigAction action = default;
            action.Handler = page;
            action.Flags = 0; // no SA_RESTART: the kicked call returns EINTR; no SA_SIGINFO: ret ignores arguments
            // SAFETY: Mask is the 128-byte sigset_t inside the local; sigemptyset writes only there.
            if (Libc.SigEmptySet(action.Mask) != 0 || Libc.SigActionCall(signal, &action, null) != 0)
            {
                throw KvmException.FromLastError("sigaction", $"signal {signal}");
            }
            HandlerAddress = page;
            return signal;
        }
        throw new KvmException("sigaction", $"signals {min + FirstOffsetAboveRtMin}..{max}", Errno.EINVAL,
            "every real-time signal above SIGRTMIN already has a handler");
    }

    /// <summary>
    /// A page holding one <c>ret</c> (0xC3), mapped RW, written, then made R+X (never W+X).
    /// A handler that returns at once is all a kick needs: the signal's delivery is what
    /// interrupts KVM_RUN. (If a host refuses executable anonymous pages, the fallback is
    /// KVM_SET_SIGNAL_MASK; it is not built: mprotect's errno is reported instead.)
    /// </summary>
    private static unsafe nint MapReturnPage()
    {
        const nuint size = 4096;
        nint page = Libc.MMap(0, size, Libc.MemoryProtection.Read | Libc.MemoryProtection.Write,
            Libc.MapFlags.Private | Libc.MapFlags.Anonymous, -1, 0);
        if (page == Libc.MapFailed)
        {
            throw KvmException.FromLastError("mmap", "kick signal handler page", "4096 bytes");
        }
        // SAFETY: page is a fresh private RW mapping of 4096 bytes; we write its first byte.
        *(byte*)page = 0xC3;
        if (Libc.MProtect(page, size, Libc.MemoryProtection.Read | Libc.MemoryProtection.Execute) != 0)
        {
            throw KvmException.FromLastError("mprotect", "kick signal handler page", "PROT_READ|PROT_EXEC");
        }
        return page;
    }
}
