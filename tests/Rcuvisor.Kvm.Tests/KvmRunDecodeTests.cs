namespace Rcuvisor.Kvm.Tests;

/// <summary>The exit decoder and the data accessors, on a page shaped like kvm_run with no KVM behind it.</summary>
public sealed unsafe class KvmRunDecodeTests : IDisposable
{
    private readonly KvmRunMapping _mapping = KvmRunMapping.CreateAnonymous();

    // SAFETY: the anonymous page is 4096 bytes, larger than KvmRun, and lives until Dispose.
    private KvmRun* Page => (KvmRun*)_mapping.Handle.DangerousGetHandle();

    public void Dispose() => _mapping.Dispose();

    [Fact]
    public void An_out_exit_decodes_port_size_and_the_value_at_data_offset()
    {
        Page->ExitReason = (uint)KvmExitCode.Io;
        Page->Io = new KvmRunIo { Direction = 1, Size = 2, Port = 0x10, Count = 1, DataOffset = 4000 };
        *(ushort*)((byte*)Page + 4000) = 0xBEEF;
        KvmExit exit = _mapping.DecodeExit();
        Assert.Equal((KvmExitReason.Io, KvmIoDirection.Out, (ushort)0x10, 2u, 1u, 0xBEEFul),
            (exit.Reason, exit.Direction, exit.Port, exit.Length, exit.Count, exit.Value));
    }

    [Fact]
    public void An_in_exit_is_completed_by_writing_size_bytes_at_data_offset()
    {
        Page->ExitReason = (uint)KvmExitCode.Io;
        Page->Io = new KvmRunIo { Direction = 0, Size = 1, Port = 0x60, Count = 1, DataOffset = 3000 };
        *((byte*)Page + 3001) = 0x77;
        Assert.Equal(0ul, _mapping.DecodeExit().Value);
        _mapping.CompleteIoIn(0x125A);
        Assert.Equal(0x5A, *((byte*)Page + 3000));
        Assert.Equal(0x77, *((byte*)Page + 3001)); // only size bytes written
    }

    [Theory]
    [InlineData(3, 1, 100ul)] // size 3 does not exist
    [InlineData(4, 0, 100ul)] // count 0
    [InlineData(4, 1, 4094ul)] // data crosses the end of the mapping
    [InlineData(4, 1, ulong.MaxValue - 1)] // offset + size wraps
    public void An_io_exit_whose_data_lies_outside_the_mapping_decodes_as_Unknown(byte size, uint count, ulong offset)
    {
        Page->ExitReason = (uint)KvmExitCode.Io;
        Page->Io = new KvmRunIo { Direction = 1, Size = size, Port = 1, Count = count, DataOffset = offset };
        Assert.Equal(KvmExitReason.Unknown, _mapping.DecodeExit().Reason);
        Assert.Throws<InvalidOperationException>(() => _mapping.IoData.Length);
    }

    [Fact]
    public void An_mmio_write_keeps_only_len_bytes_and_a_load_is_completed_in_data()
    {
        Page->ExitReason = (uint)KvmExitCode.Mmio;
        Page->Mmio = new KvmRunMmio { PhysAddr = 0xFEE00000, Data = 0xFFFF_FFFF_FFFF_1234, Len = 2, IsWrite = 1 };
        KvmExit write = _mapping.DecodeExit();
        Assert.Equal((KvmExitReason.Mmio, 0xFEE00000ul, 2u, true, 0x1234ul), (write.Reason, write.Address, write.Length, write.IsWrite, write.Value));
        Assert.Throws<InvalidOperationException>(() => _mapping.CompleteMmioRead(1));

        Page->Mmio.IsWrite = 0;
        Assert.Equal(0ul, _mapping.DecodeExit().Value);
        _mapping.CompleteMmioRead(0x5A);
        Assert.Equal(0x5Aul, Page->Mmio.Data);
    }

    [Theory]
    [InlineData(KvmExitCode.Hlt, KvmExitReason.Hlt)]
    [InlineData(KvmExitCode.IrqWindowOpen, KvmExitReason.IrqWindowOpen)]
    [InlineData(KvmExitCode.Shutdown, KvmExitReason.Shutdown)]
    [InlineData(KvmExitCode.Intr, KvmExitReason.Intr)]
    [InlineData(KvmExitCode.Debug, KvmExitReason.Unknown)]
    public void Exits_without_data_decode_to_their_reason(KvmExitCode code, KvmExitReason reason)
    {
        Page->ExitReason = (uint)code;
        KvmExit exit = _mapping.DecodeExit();
        Assert.Equal((reason, (uint)code), (exit.Reason, exit.RawExitReason));
    }

    [Fact]
    public void Failures_carry_their_number()
    {
        Page->ExitReason = (uint)KvmExitCode.FailEntry;
        Page->FailEntry.HardwareEntryFailureReason = 0x80000021;
        Assert.Equal(0x80000021ul, _mapping.DecodeExit().HardwareReason);
        Page->ExitReason = (uint)KvmExitCode.InternalError;
        Page->Internal.Suberror = 1;
        Assert.Equal(1u, _mapping.DecodeExit().Suberror);
        Page->ExitReason = (uint)KvmExitCode.SystemEvent;
        Page->SystemEvent.Type = 2;
        Assert.Equal(2u, _mapping.DecodeExit().SystemEventType);
    }

    [Fact]
    public void The_flags_read_and_write_their_bytes()
    {
        Page->ReadyForInterruptInjection = 1;
        Assert.True(_mapping.ReadyForInterruptInjection);
        Assert.False(_mapping.IfFlag);
        _mapping.RequestInterruptWindow = true;
        Assert.Equal(1, Page->RequestInterruptWindow);
        _mapping.RequestInterruptWindow = false;
        Assert.Equal(0, Page->RequestInterruptWindow);
        _mapping.SetImmediateExit();
        Assert.Equal(1, Page->ImmediateExit);
        _mapping.ClearImmediateExit();
        Assert.False(_mapping.ImmediateExit);
    }

    [Fact]
    public void A_kick_after_the_page_is_gone_throws_instead_of_writing_to_it()
    {
        var mapping = KvmRunMapping.CreateAnonymous();
        mapping.Dispose();
        Assert.Throws<ObjectDisposedException>(mapping.SetImmediateExit);
        Assert.Throws<ObjectDisposedException>(() => mapping.ReadyForInterruptInjection);
    }
}
