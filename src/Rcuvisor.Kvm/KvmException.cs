using System.Runtime.InteropServices;
using Rcuvisor.Kvm.Interop;

namespace Rcuvisor.Kvm;

/// <summary>
/// A KVM or libc call failed. Names the call, what it was made on, and errno, e.g.
/// "KVM_CREATE_VCPU on vm fd 7 (vcpu 1024) failed: EINVAL (22) Invalid argument".
/// </summary>
public sealed class KvmException : Exception
{
    /// <summary>Creates the exception for a call that failed with <paramref name="errno"/>.</summary>
    public KvmException(string call, string target, int errno, string? detail = null)
        : base(Format(call, target, errno, detail))
    {
        Call = call;
        Target = target;
        Errno = errno;
        Detail = detail;
    }

    /// <summary>The call, e.g. "KVM_CREATE_VCPU", "open", "mmap".</summary>
    public string Call { get; }

    /// <summary>What it was made on, e.g. "/dev/kvm", "vm fd 7", "vcpu 3 (fd 9)".</summary>
    public string Target { get; }

    /// <summary>The errno the call left.</summary>
    public int Errno { get; }

    /// <summary>The errno's symbolic name, e.g. "EINVAL".</summary>
    public string ErrnoName => Interop.Errno.Name(Errno);

    /// <summary>The argument worth naming, e.g. "vcpu 1024"; null when none.</summary>
    public string? Detail { get; }

    /// <summary>Reads errno right after a failed import; call it before any other P/Invoke.</summary>
    internal static KvmException FromLastError(string call, string target, string? detail = null) =>
        new(call, target, Marshal.GetLastPInvokeError(), detail);

    private static string Format(string call, string target, int errno, string? detail) =>
        $"{call} on {target}{(detail is null ? "" : $" ({detail})")} failed: " +
        $"{Interop.Errno.Name(errno)} ({errno}) {Marshal.GetPInvokeErrorMessage(errno)}";
}
