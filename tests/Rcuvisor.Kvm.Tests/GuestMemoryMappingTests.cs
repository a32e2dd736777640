namespace Rcuvisor.Kvm.Tests;

public sealed class GuestMemoryMappingTests
{
    [Fact]
    public void It_is_zeroed_and_the_span_and_volatile_accesses_see_the_same_bytes()
    {
        using var memory = new GuestMemoryMapping(2 * GuestMemoryMapping.PageSize);
        Assert.Equal(8192ul, memory.Length);
        Assert.True(memory.Span.IndexOfAnyExcept((byte)0) < 0);
        memory.WriteUInt64Volatile(8184, 0x1122334455667788);
        Assert.Equal(0x88, memory.Span[8184]);
        Assert.Equal(0x1122334455667788ul, memory.ReadUInt64Volatile(8184));
        memory.Slice(16, 2)[1] = 7;
        Assert.Equal(7ul << 8, memory.ReadUInt64Volatile(16));
    }

    [Theory]
    [InlineData(8192ul)] // one past the end
    [InlineData(8188ul)] // straddles the end
    [InlineData(ulong.MaxValue - 3)] // would wrap
    public void Accesses_outside_are_refused(ulong offset)
    {
        using var memory = new GuestMemoryMapping(8192);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => memory.ReadUInt64Volatile(offset));
        Assert.Contains("outside guest memory of 8192 bytes", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.Slice(offset, 8));
    }

    [Fact]
    public void Misaligned_64_bit_accesses_and_bad_sizes_are_refused()
    {
        using var memory = new GuestMemoryMapping(4096);
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.ReadUInt64Volatile(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.Slice(0, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GuestMemoryMapping(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GuestMemoryMapping(4097));
    }

    [Fact]
    public void After_Dispose_accesses_throw_instead_of_touching_unmapped_memory()
    {
        var memory = new GuestMemoryMapping(4096);
        memory.Dispose();
        Assert.Throws<ObjectDisposedException>(() => memory.ReadUInt64Volatile(0));
    }
}
