using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>kvm_run.internal</c>: the KVM_EXIT_INTERNAL_ERROR view.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct KvmRunInternal
{
    /// <summary><c>suberror</c>: KVM_INTERNAL_ERROR_* (1 = emulation failure).</summary>
    public uint Suberror;
    /// <summary><c>ndata</c>: valid entries of <see cref="Data"/>.</summary>
    public uint Ndata;
    /// <summary><c>data[16]</c>.</summary>
    public fixed ulong Data[16];
}
