using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>kvm_run.system_event</c>: the KVM_EXIT_SYSTEM_EVENT view.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct KvmRunSystemEvent
{
    /// <summary><c>type</c>: KVM_SYSTEM_EVENT_* (1 shutdown, 2 reset, 3 crash).</summary>
    public uint Type;
    /// <summary><c>ndata</c>.</summary>
    public uint Ndata;
    /// <summary><c>data[16]</c> (union with <c>flags</c>).</summary>
    public fixed ulong Data[16];
}
