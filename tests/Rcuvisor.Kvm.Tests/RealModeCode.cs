namespace Rcuvisor.Kvm.Tests;

/// <summary>The few 16-bit real-mode programs the KVM tests run (the real emitter lives in Guest/).</summary>
internal static class RealModeCode
{
    /// <summary><c>mov dx, 0x10; out dx, al; hlt</c>: an Io out to port 0x10, then Hlt.</summary>
    public static byte[] OutThenHalt() => [0xBA, 0x10, 0x00, 0xEE, 0xF4];

    /// <summary><c>jmp $</c>: spins until kicked.</summary>
    public static byte[] SpinForever() => [0xEB, 0xFE];
}
