using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>struct kvm_segment</c>: a segment register with its hidden part.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmSegment
{
    /// <summary><c>base</c>.</summary>
    public ulong Base;
    /// <summary><c>limit</c>, in bytes.</summary>
    public uint Limit;
    /// <summary><c>selector</c>.</summary>
    public ushort Selector;
    /// <summary><c>type</c>: the descriptor's 4-bit type.</summary>
    public byte Type;
    // descriptor bits, named as in the header
    public byte Present, Dpl, Db, S, L, G, Avl;
    /// <summary><c>unusable</c>.</summary>
    public byte Unusable;
    /// <summary><c>padding</c>.</summary>
    public byte Padding;
}
