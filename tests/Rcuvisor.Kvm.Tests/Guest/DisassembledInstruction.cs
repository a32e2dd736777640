namespace Rcuvisor.Kvm.Tests.Guest;

/// <summary>One line of objdump's Intel-syntax output: address, bytes, and the text with runs of spaces collapsed.</summary>
internal sealed record DisassembledInstruction(ulong Address, byte[] Bytes, string Mnemonic, string Operands)
{
    /// <summary>"mnemonic operands" with single spaces, as the tests write their expectations.</summary>
    public string Text => Operands.Length == 0 ? Mnemonic : $"{Mnemonic} {Operands}";

    public override string ToString() => $"0x{Address:x}: {Text} ({Convert.ToHexString(Bytes)})";
}
