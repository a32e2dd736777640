using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>struct kvm_dtable</c>: the GDT or IDT register.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmDtable
{
    /// <summary><c>base</c>.</summary>
    public ulong Base;
    /// <summary><c>limit</c>.</summary>
    public ushort Limit;
    // padding[3]
    public ushort Padding0, Padding1, Padding2;
}
