using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>kvm_run.hw</c>: the KVM_EXIT_UNKNOWN view.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmRunHardware
{
    /// <summary><c>hardware_exit_reason</c>.</summary>
    public ulong HardwareExitReason;
}
