namespace Rcuvisor.Kvm.Tests;

/// <summary>One ABI fact: a C expression (sizeof, offsetof, a macro) and the C# side's value for it.</summary>
internal sealed record AbiItem(string CExpression, ulong CSharpValue)
{
    public override string ToString() => CExpression;
}
