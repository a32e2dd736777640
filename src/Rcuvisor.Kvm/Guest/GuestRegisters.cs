namespace Rcuvisor.Kvm.Guest;

/// <summary>
/// A vCPU's initial general registers, <c>struct kvm_regs</c>'s fields as plain values:
/// registers a program does not use are zero.
/// </summary>
public sealed record GuestRegisters
{
    /// <summary>rax.</summary>
    public ulong Rax { get; init; }
    /// <summary>rbx.</summary>
    public ulong Rbx { get; init; }
    /// <summary>rcx.</summary>
    public ulong Rcx { get; init; }
    /// <summary>rdx.</summary>
    public ulong Rdx { get; init; }
    /// <summary>rsi: the doorbell program's start index into the targets table.</summary>
    public ulong Rsi { get; init; }
    /// <summary>rdi: the vCPU id.</summary>
    public ulong Rdi { get; init; }
    /// <summary>rsp: the top of this vCPU's own stack (interrupt frames land there).</summary>
    public ulong Rsp { get; init; }
    /// <summary>rbp.</summary>
    public ulong Rbp { get; init; }
    /// <summary>r8.</summary>
    public ulong R8 { get; init; }
    /// <summary>r9.</summary>
    public ulong R9 { get; init; }
    /// <summary>r10.</summary>
    public ulong R10 { get; init; }
    /// <summary>r11.</summary>
    public ulong R11 { get; init; }
    /// <summary>r12.</summary>
    public ulong R12 { get; init; }
    /// <summary>r13.</summary>
    public ulong R13 { get; init; }
    /// <summary>r14.</summary>
    public ulong R14 { get; init; }
    /// <summary>r15: the address of this vCPU's interrupt counter, which the handler increments.</summary>
    public ulong R15 { get; init; }
    /// <summary>rip: the entry point.</summary>
    public ulong Rip { get; init; }
    /// <summary>rflags: 0x2, IF clear.</summary>
    public ulong Rflags { get; init; }
}
