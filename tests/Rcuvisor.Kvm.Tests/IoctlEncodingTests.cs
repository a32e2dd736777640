namespace Rcuvisor.Kvm.Tests;

public sealed class IoctlEncodingTests
{
    [Theory]
    [InlineData(KvmIoctls.DirectionNone, 0x00u, 0u, 0x0000ae00u)] // KVM_GET_API_VERSION
    [InlineData(KvmIoctls.DirectionNone, 0x80u, 0u, 0x0000ae80u)] // KVM_RUN
    [InlineData(KvmIoctls.DirectionRead | KvmIoctls.DirectionWrite, 0x05u, 8u, 0xc008ae05u)] // KVM_GET_SUPPORTED_CPUID
    [InlineData(KvmIoctls.DirectionWrite, 0x46u, 32u, 0x4020ae46u)] // KVM_SET_USER_MEMORY_REGION
    [InlineData(KvmIoctls.DirectionRead, 0x81u, 144u, 0x8090ae81u)] // KVM_GET_REGS
    [InlineData(KvmIoctls.DirectionWrite, 0x84u, 312u, 0x4138ae84u)] // KVM_SET_SREGS
    [InlineData(KvmIoctls.DirectionRead, 0x8eu, 1024u, 0x8400ae8eu)] // KVM_GET_LAPIC
    [InlineData(KvmIoctls.DirectionWrite, 0x8du, 416u, 0x41a0ae8du)] // KVM_SET_FPU
    public void Encode_gives_the_numbers_of_abi_and_host_md(uint direction, uint number, uint size, uint expected) =>
        Assert.Equal((nuint)expected, KvmIoctls.Encode(direction, KvmIoctls.KvmIo, number, size));

    [Fact]
    public void Encode_refuses_fields_wider_than_their_bits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KvmIoctls.Encode(4, KvmIoctls.KvmIo, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => KvmIoctls.Encode(0, 0x100, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => KvmIoctls.Encode(0, KvmIoctls.KvmIo, 0x100, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => KvmIoctls.Encode(1, KvmIoctls.KvmIo, 0, 1 << 14));
    }
}
