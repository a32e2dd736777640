using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>struct kvm_cpuid_entry2</c>: one CPUID leaf (and subleaf).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmCpuidEntry2
{
    /// <summary><c>function</c>: the leaf (EAX in).</summary>
    public uint Function;
    /// <summary><c>index</c>: the subleaf (ECX in).</summary>
    public uint Index;
    /// <summary><c>flags</c>: KVM_CPUID_FLAG_*.</summary>
    public uint Flags;
    // the outputs, and padding[3]
    public uint Eax, Ebx, Ecx, Edx;
    public uint Padding0, Padding1, Padding2;
}
