using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>kvm_run.fail_entry</c>: the KVM_EXIT_FAIL_ENTRY view.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmRunFailEntry
{
    /// <summary><c>hardware_entry_failure_reason</c>.</summary>
    public ulong HardwareEntryFailureReason;
    /// <summary><c>cpu</c>: the host CPU the entry failed on.</summary>
    public uint Cpu;
}
