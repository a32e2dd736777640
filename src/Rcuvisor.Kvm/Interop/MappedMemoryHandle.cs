using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm.Interop;

/// <summary>Owns one mmap'd range and unmaps it on release.</summary>
internal sealed class MappedMemoryHandle : SafeHandle
{
    public MappedMemoryHandle(nint address, nuint length)
        : base(invalidHandleValue: Libc.MapFailed, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
    }

    /// <summary>The mapped length in bytes.</summary>
    public nuint Length { get; }

    public override bool IsInvalid => handle == Libc.MapFailed || handle == 0;

    protected override bool ReleaseHandle() => Libc.MUnmap(handle, Length) == 0;
}
