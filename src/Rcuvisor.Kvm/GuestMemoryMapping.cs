using Rcuvisor.Kvm.Interop;

namespace Rcuvisor.Kvm;

/// <summary>
/// Guest RAM: an anonymous mapping (MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, zero-filled,
/// committed on first touch) unmapped on Dispose. Every access is bounds-checked, so a
/// guest-supplied offset can never reach outside it. Dispose only after the VM that maps it.
/// </summary>
public sealed unsafe class GuestMemoryMapping : IDisposable
{
    /// <summary>The page size guest memory is sized in.</summary>
    public const int PageSize = 4096;

    private readonly MappedMemoryHandle _handle;

    /// <summary>Maps <paramref name="length"/> bytes, a positive multiple of <see cref="PageSize"/>.</summary>
    public GuestMemoryMapping(ulong length)
    {
        if (length == 0 || length % PageSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"guest memory must be a positive multiple of {PageSize} bytes");
        }
        nint address = Libc.MMap(0, (nuint)length, Libc.MemoryProtection.Read | Libc.MemoryProtection.Write,
            Libc.MapFlags.Private | Libc.MapFlags.Anonymous | Libc.MapFlags.NoReserve, -1, 0);
        if (address == Libc.MapFailed)
        {
            throw KvmException.FromLastError("mmap", "guest memory", $"{length} bytes");
        }
        _handle = new MappedMemoryHandle(address, (nuint)length);
    }

    /// <summary>The length in bytes.</summary>
    public ulong Length => _handle.Length;

    /// <summary>Where it is mapped in this process (kvm_userspace_memory_region.userspace_addr).</summary>
    public nint Address => Base;

    /// <summary>The whole mapping; for mappings up to 2 GiB - 1 (else use <see cref="Slice"/>).</summary>
    public Span<byte> Span => Slice(0, checked((int)Length));

    /// <summary><paramref name="length"/> bytes from <paramref name="offset"/>, bounds-checked.</summary>
    public Span<byte> Slice(ulong offset, int length)
    {
        CheckRange(offset, length < 0 ? ulong.MaxValue : (ulong)length);
        // SAFETY: CheckRange proved [offset, offset + length) lies inside the live mapping.
        return new Span<byte>((byte*)Base + offset, length);
    }

    /// <summary>A volatile (acquire) 64-bit read at an 8-byte-aligned offset: a guest counter.</summary>
    public ulong ReadUInt64Volatile(ulong offset)
    {
        CheckAligned8(offset);
        // SAFETY: in bounds and 8-byte aligned (mmap returns page-aligned memory), so the load is atomic.
        return Volatile.Read(ref *(ulong*)((byte*)Base + offset));
    }

    /// <summary>A volatile (release) 64-bit write at an 8-byte-aligned offset.</summary>
    public void WriteUInt64Volatile(ulong offset, ulong value)
    {
        CheckAligned8(offset);
        // SAFETY: in bounds and 8-byte aligned, as in ReadUInt64Volatile.
        Volatile.Write(ref *(ulong*)((byte*)Base + offset), value);
    }

    /// <summary>Unmaps the memory.</summary>
    public void Dispose() => _handle.Dispose();

    private nint Base
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    private void CheckAligned8(ulong offset)
    {
        CheckRange(offset, 8);
        if (offset % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "a 64-bit access must be 8-byte aligned");
        }
    }

    private void CheckRange(ulong offset, ulong length)
    {
        if (offset > Length || length > Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset,
                $"{length} bytes at offset {offset} lie outside guest memory of {Length} bytes");
        }
    }
}
