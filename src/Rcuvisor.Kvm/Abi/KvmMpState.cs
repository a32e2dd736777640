using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>struct kvm_mp_state</c>: KVM_GET_MP_STATE / KVM_SET_MP_STATE.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmMpState
{
    /// <summary><c>mp_state</c> (<see cref="VcpuMpState"/>).</summary>
    public uint MpState;
}
