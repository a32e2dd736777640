using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Rcuvisor.Rcu.Interop;

/// <summary>
/// Linux futex(2) on a process-private word, through libc's <c>syscall</c> (glibc has no
/// futex wrapper): the sleep and wake a blocked grace period and its readers share, as
/// liburcu's <c>futex_noasync</c>. The only system call this assembly makes itself.
/// </summary>
internal static unsafe partial class Futex
{
    private const int WaitPrivate = 0 | 128; // FUTEX_WAIT | FUTEX_PRIVATE_FLAG
    private const int WakePrivate = 1 | 128; // FUTEX_WAKE | FUTEX_PRIVATE_FLAG
    private const int EAGAIN = 11, EINTR = 4, ETIMEDOUT = 110;

    /// <summary>SYS_futex for this process's architecture, or 0 where none is known (then <see cref="IsAvailable"/> is false).</summary>
    private static readonly long SyscallNumber = !OperatingSystem.IsLinux() ? 0 : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 202,   // arch/x86/entry/syscalls/syscall_64.tbl
        Architecture.Arm64 => 98,  // include/uapi/asm-generic/unistd.h
        _ => 0,
    };

    /// <summary>True where this process can call futex(2): Linux on x64 or arm64.</summary>
    public static bool IsAvailable => SyscallNumber != 0;

    /// <summary>struct timespec on 64-bit Linux: 16 bytes (pinned by a test).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>
    /// Sleeps while <paramref name="word"/> holds <paramref name="expected"/>, for at most
    /// <paramref name="timeout"/>. Returns on a wake, a timeout, a signal, or at once when the
    /// word no longer holds the value (EAGAIN): the caller re-checks its condition in every case.
    /// </summary>
    public static void Wait(int* word, int expected, TimeSpan timeout)
    {
        long ns = timeout.Ticks * (1_000_000_000 / TimeSpan.TicksPerSecond);
        var relative = new Timespec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
        if (Syscall(SyscallNumber, word, WaitPrivate, expected, &relative) == -1)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is not (EAGAIN or EINTR or ETIMEDOUT))
                throw Failure("FUTEX_WAIT_PRIVATE", errno);
        }
    }

    /// <summary>Wakes one thread sleeping on <paramref name="word"/>, if any.</summary>
    public static void WakeOne(int* word)
    {
        if (Syscall(SyscallNumber, word, WakePrivate, 1, null) == -1)
            throw Failure("FUTEX_WAKE_PRIVATE", Marshal.GetLastPInvokeError());
    }

    private static Win32Exception Failure(string op, int errno) =>
        new(errno, $"futex({op}) on a grace-period word failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");

    // long syscall(long number, ...): a variadic function with integer and pointer
    // arguments only, which the x64 and arm64 Linux ABIs pass as for a fixed prototype.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, int* word, int op, int value, Timespec* timeout);
}
