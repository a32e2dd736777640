using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>struct kvm_regs</c> (x86-64): KVM_GET_REGS / KVM_SET_REGS.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmRegs
{
    // the general-purpose registers, named as in the header
    public ulong Rax, Rbx, Rcx, Rdx;
    public ulong Rsi, Rdi, Rsp, Rbp;
    public ulong R8, R9, R10, R11;
    public ulong R12, R13, R14, R15;
    /// <summary><c>rip</c>.</summary>
    public ulong Rip;
    /// <summary><c>rflags</c>; bit 1 is always 1.</summary>
    public ulong Rflags;
}
