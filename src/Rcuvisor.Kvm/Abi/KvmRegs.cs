using System.Runtime.InteropServices;

namespace Rcuvisor.Kvm;

/// <summary><c>struct kvm_regs</c> (x86-64): KVM_GET_REGS / KVM_SET_REGS.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct KvmRegs
{
    /// <summary><c>rax</c>, <c>rbx</c>, <c>rcx</c>, <c>rdx</c>.</summary>
    public ulong Rax, Rbx, Rcx, Rdx;
    /// <summary><c>rsi</c>, <c>rdi</c>, <c>rsp</c>, <c>rbp</c>.</summary>
    public ulong Rsi, Rdi, Rsp, Rbp;
    /// <summary><c>r8</c> to <c>r11</c>.</summary>
    public ulong R8, R9, R10, R11;
    /// <summary><c>r12</c> to <c>r15</c>.</summary>
    public ulong R12, R13, R14, R15;
    /// <summary><c>rip</c>.</summary>
    public ulong Rip;
    /// <summary><c>rflags</c>; bit 1 is always 1.</summary>
    public ulong Rflags;
}
