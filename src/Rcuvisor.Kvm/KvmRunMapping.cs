using Rcuvisor.Kvm.Interop;

namespace Rcuvisor.Kvm;

/// <summary>
/// A vCPU's mapped <c>kvm_run</c> page (<c>KVM_GET_VCPU_MMAP_SIZE</c> bytes, MAP_SHARED on the
/// vCPU fd), unmapped on release. The vCPU's own thread reads the exit and the flags and
/// writes the "in" fields; any thread may <see cref="SetImmediateExit"/>. Everything but
/// <see cref="SetImmediateExit"/> is for the vCPU thread, between runs, before Dispose.
/// </summary>
public sealed unsafe class KvmRunMapping : IDisposable
{
    private readonly MappedMemoryHandle _handle;
    private readonly KvmRun* _run;

    private KvmRunMapping(MappedMemoryHandle handle)
    {
        _handle = handle;
        _run = (KvmRun*)handle.DangerousGetHandle();
    }

    /// <summary>The mapping's length in bytes (I/O data may lie beyond the 2352 of kvm_run).</summary>
    public int Length => (int)_handle.Length;

    /// <summary>kvm_run.ready_for_interrupt_injection after the last run: KVM_INTERRUPT would be taken.</summary>
    public bool ReadyForInterruptInjection => Run->ReadyForInterruptInjection != 0;

    /// <summary>kvm_run.if_flag after the last run: the guest's RFLAGS.IF.</summary>
    public bool IfFlag => Run->IfFlag != 0;

    /// <summary>
    /// kvm_run.request_interrupt_window: set it to get KVM_EXIT_IRQ_WINDOW_OPEN as soon as the
    /// guest can take an interrupt; clear it once injected. Plain store: KVM reads it at the
    /// next KVM_RUN on this same thread, and the syscall orders it.
    /// </summary>
    public bool RequestInterruptWindow
    {
        get => Run->RequestInterruptWindow != 0;
        set => Run->RequestInterruptWindow = value ? (byte)1 : (byte)0;
    }

    /// <summary>kvm_run.immediate_exit as it is now (any thread; an acquire load).</summary>
    public bool ImmediateExit => Volatile.Read(ref Run->ImmediateExit) != 0;

    /// <summary>
    /// Any thread: kvm_run.immediate_exit = 1 with release order, so whatever the kicker wrote
    /// before (a request) is visible to the vCPU thread that sees the flag; pairs with the
    /// full fence in <see cref="ClearImmediateExit"/>. Holds the mapping for the store, so a
    /// kick racing Dispose never writes to an unmapped page (ObjectDisposedException instead).
    /// </summary>
    public void SetImmediateExit()
    {
        bool added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            // SAFETY: the reference taken above keeps the page mapped for this store.
            Volatile.Write(ref _run->ImmediateExit, 1);
        }
        finally
        {
            _handle.DangerousRelease();
        }
    }

    /// <summary>
    /// vCPU thread, after a run returned Intr: immediate_exit = 0 with a full fence, before it
    /// reads its requests. The fence orders the clear before those loads: a kicker whose
    /// release store of 1 came after our clear posted its request before it, so we see the
    /// request; one whose store came before is overwritten, and its request is read now.
    /// </summary>
    public void ClearImmediateExit() => Interlocked.Exchange(ref Run->ImmediateExit, 0);

    /// <summary>
    /// vCPU thread, after an Io exit: the I/O data (size × count bytes at data_offset), to
    /// read an out's elements or to fill an in's before the next run.
    /// </summary>
    public Span<byte> IoData
    {
        get
        {
            KvmRun* run = Run;
            if (run->ExitReason != (uint)KvmExitCode.Io || !IoDataInBounds(run->Io, (ulong)_handle.Length))
            {
                throw new InvalidOperationException($"the last exit is not a well-formed Io exit (exit_reason {run->ExitReason})");
            }
            // SAFETY: IoDataInBounds checked offset + size * count against the mapping's length.
            return new Span<byte>((byte*)run + run->Io.DataOffset, run->Io.Size * (int)run->Io.Count);
        }
    }

    /// <summary>
    /// vCPU thread, after an Io exit with direction In: the value the guest's first (or only)
    /// element reads, written at data_offset (size bytes, little-endian) before the next run.
    /// </summary>
    public void CompleteIoIn(uint value)
    {
        Span<byte> data = IoData;
        if (Run->Io.Direction != (byte)KvmIoDirection.In)
        {
            throw new InvalidOperationException("the last Io exit is an out: there is nothing to complete");
        }
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        bytes[..Run->Io.Size].CopyTo(data);
    }

    /// <summary>vCPU thread, after an Mmio load: the value the guest's load sees (its low len bytes).</summary>
    public void CompleteMmioRead(ulong value)
    {
        KvmRun* run = Run;
        if (run->ExitReason != (uint)KvmExitCode.Mmio || run->Mmio.IsWrite != 0)
        {
            throw new InvalidOperationException($"the last exit is not an Mmio load (exit_reason {run->ExitReason})");
        }
        run->Mmio.Data = value;
    }

    /// <summary>Unmaps the page (deferred while a kicker holds it).</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>Maps the kvm_run page of a vCPU fd.</summary>
    internal static KvmRunMapping Map(FileDescriptorHandle vcpuFd, int mmapSize, string target)
    {
        if (mmapSize < sizeof(KvmRun))
        {
            throw new InvalidOperationException($"KVM_GET_VCPU_MMAP_SIZE is {mmapSize}, smaller than struct kvm_run ({sizeof(KvmRun)})");
        }
        nint address = Libc.MMap(0, (nuint)mmapSize, Libc.MemoryProtection.Read | Libc.MemoryProtection.Write,
            Libc.MapFlags.Shared, vcpuFd, 0);
        if (address == Libc.MapFailed)
        {
            throw KvmException.FromLastError("mmap kvm_run", target, $"{mmapSize} bytes");
        }
        return new KvmRunMapping(new MappedMemoryHandle(address, (nuint)mmapSize));
    }

    /// <summary>A zeroed page shaped like kvm_run with no vCPU behind it: for kick tests without KVM.</summary>
    internal static KvmRunMapping CreateAnonymous()
    {
        const int size = 4096;
        nint address = Libc.MMap(0, size, Libc.MemoryProtection.Read | Libc.MemoryProtection.Write,
            Libc.MapFlags.Private | Libc.MapFlags.Anonymous, -1, 0);
        if (address == Libc.MapFailed)
        {
            throw KvmException.FromLastError("mmap", "anonymous kvm_run stand-in", $"{size} bytes");
        }
        return new KvmRunMapping(new MappedMemoryHandle(address, size));
    }

    /// <summary>Decodes the exit KVM left in the page. Called by Run while it holds the mapping.</summary>
    internal KvmExit DecodeExit()
    {
        // SAFETY: Run holds a reference on the mapping's handle for the ioctl and this decode.
        KvmRun* run = _run;
        uint raw = run->ExitReason;
        return (KvmExitCode)raw switch
        {
            KvmExitCode.Io => DecodeIo(run, (ulong)_handle.Length),
            KvmExitCode.Mmio => DecodeMmio(run->Mmio),
            KvmExitCode.Hlt => KvmExit.Simple(KvmExitReason.Hlt, raw),
            KvmExitCode.IrqWindowOpen => KvmExit.Simple(KvmExitReason.IrqWindowOpen, raw),
            KvmExitCode.Shutdown => KvmExit.Simple(KvmExitReason.Shutdown, raw),
            KvmExitCode.FailEntry => KvmExit.Simple(KvmExitReason.FailEntry, raw, run->FailEntry.HardwareEntryFailureReason),
            KvmExitCode.InternalError => KvmExit.Simple(KvmExitReason.InternalError, raw, run->Internal.Suberror),
            KvmExitCode.Intr => KvmExit.Interrupted(raw),
            KvmExitCode.SystemEvent => KvmExit.Simple(KvmExitReason.SystemEvent, raw, run->SystemEvent.Type),
            KvmExitCode.Unknown => KvmExit.Simple(KvmExitReason.Unknown, raw, run->Hardware.HardwareExitReason),
            _ => KvmExit.Simple(KvmExitReason.Unknown, raw),
        };
    }

    /// <summary>True when size is 1, 2 or 4, count is at least 1, and the data lies inside the mapping.</summary>
    internal static bool IoDataInBounds(in KvmRunIo io, ulong mappingLength) =>
        io.Size is 1 or 2 or 4 && io.Count >= 1 && io.DataOffset <= mappingLength &&
        (ulong)io.Size * io.Count <= mappingLength - io.DataOffset;

    private static KvmExit DecodeIo(KvmRun* run, ulong mappingLength)
    {
        KvmRunIo io = run->Io;
        if (!IoDataInBounds(io, mappingLength))
        {
            return KvmExit.Simple(KvmExitReason.Unknown, run->ExitReason);
        }
        var direction = (KvmIoDirection)io.Direction;
        // SAFETY: IoDataInBounds checked that size bytes at data_offset lie inside the mapping.
        byte* data = (byte*)run + io.DataOffset;
        ulong value = direction != KvmIoDirection.Out ? 0 : io.Size switch
        {
            1 => *data,
            2 => System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ushort>(data),
            _ => System.Runtime.CompilerServices.Unsafe.ReadUnaligned<uint>(data),
        };
        return KvmExit.Io(direction, io.Port, io.Size, io.Count, value);
    }

    private static KvmExit DecodeMmio(KvmRunMmio mmio)
    {
        uint length = Math.Min(mmio.Len, 8u);
        ulong data = mmio.IsWrite == 0 ? 0 : length == 8 ? mmio.Data : mmio.Data & ((1UL << (int)(length * 8)) - 1);
        return KvmExit.Mmio(mmio.PhysAddr, length, mmio.IsWrite != 0, data);
    }

    /// <summary>The page; throws after Dispose (the vCPU thread's own misuse, not a race it can lose).</summary>
    private KvmRun* Run
    {
        get
        {
            // SAFETY: every dereference of the page goes through here; the page is mapped until
            // Dispose, which only the vCPU's owner calls once its thread is done with it.
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _run;
        }
    }

    /// <summary>Run holds the page for the ioctl and the decode; see <see cref="KvmVcpuFd.Run"/>.</summary>
    internal MappedMemoryHandle Handle => _handle;
}
