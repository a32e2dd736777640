using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>struct kvm_interrupt</c>: KVM_INTERRUPT (userspace irqchip only).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmInterrupt
{
    /// <summary><c>irq</c>: the vector to inject.</summary>
    public uint Irq;
}
