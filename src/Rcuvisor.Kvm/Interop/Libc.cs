namespace Rcuvisor.Kvm.Interop;

/// <summary>
/// The libc functions this backend calls, one file per native area (dotnet/runtime's
/// <c>Interop.MMap.cs</c> style). Every call that sets errno is imported with
/// <c>SetLastError = true</c>, so callers read it with <c>Marshal.GetLastPInvokeError()</c>.
/// </summary>
internal static partial class Libc
{
    /// <summary>glibc's soname; "libc" alone does not resolve on glibc systems.</summary>
    internal const string Name = "libc.so.6";
}
