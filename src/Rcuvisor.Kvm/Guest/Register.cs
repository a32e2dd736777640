namespace Rcuvisor.Kvm.Guest;

/// <summary>
/// An x86-64 general register by its encoding number: the low three bits go in ModRM or
/// the opcode, the fourth in a REX prefix. The operand width (64 or 32 bits) is the
/// emitter method's, not the register's, so <c>Rax</c> means <c>eax</c> in a 32-bit form.
/// </summary>
public enum Register
{
    /// <summary>rax / eax.</summary>
    Rax = 0,
    /// <summary>rcx / ecx.</summary>
    Rcx = 1,
    /// <summary>rdx / edx.</summary>
    Rdx = 2,
    /// <summary>rbx / ebx.</summary>
    Rbx = 3,
    /// <summary>rsp / esp: as a memory base it needs a SIB byte; it cannot be an index.</summary>
    Rsp = 4,
    /// <summary>rbp / ebp: as a memory base with no displacement it needs a zero disp8.</summary>
    Rbp = 5,
    /// <summary>rsi / esi.</summary>
    Rsi = 6,
    /// <summary>rdi / edi.</summary>
    Rdi = 7,
    /// <summary>r8 / r8d.</summary>
    R8 = 8,
    /// <summary>r9 / r9d.</summary>
    R9 = 9,
    /// <summary>r10 / r10d.</summary>
    R10 = 10,
    /// <summary>r11 / r11d.</summary>
    R11 = 11,
    /// <summary>r12 / r12d: as a memory base it needs a SIB byte, like rsp.</summary>
    R12 = 12,
    /// <summary>r13 / r13d: as a memory base with no displacement it needs a zero disp8, like rbp.</summary>
    R13 = 13,
    /// <summary>r14 / r14d.</summary>
    R14 = 14,
    /// <summary>r15 / r15d.</summary>
    R15 = 15,
}
