using Rcuvisor.Backends;
using static Rcuvisor.Kvm.Guest.Register;

namespace Rcuvisor.Kvm.Guest;

/// <summary>
/// The programs' code, with the simulated CPU's semantics (<see cref="GuestProgramKind"/>).
/// Register contract, set per vCPU by <see cref="GuestImage.RegistersFor"/>: RSP its stack,
/// RDI its id, RSI the doorbell's start index, R15 its counter's address. Program constants
/// (work, rings, the table's address and length) are immediates in the code, shared by all vCPUs.
/// </summary>
internal static class GuestCode
{
    /// <summary><c>cli; jmp $</c>: IF stays 0, so nothing but a kick ever gets the vCPU out.</summary>
    public static void Spin(X86Emitter e)
    {
        e.Cli();
        var self = e.CreateLabel("spin");
        e.Bind(self);
        e.Jmp(self);
    }

    /// <summary><c>sti; hlt; jmp</c> back: each HLT exits; an injected interrupt runs the handler, then it halts again.</summary>
    public static void HaltLoop(X86Emitter e)
    {
        var loop = e.CreateLabel("halt-loop");
        e.Bind(loop);
        // sti on every pass, not once: the loop does not depend on how it was entered.
        e.Sti();
        e.Hlt();
        e.Jmp(loop);
    }

    /// <summary>
    /// With IF=1: { <paramref name="workIterations"/> × dec/jnz; <c>out 0xDB, targets[index]</c>;
    /// index = (index + 1) mod count; rings++ } until <paramref name="rings"/> (0: forever), then the halt loop.
    /// </summary>
    public static void Doorbell(X86Emitter e, int workIterations, int targetCount, long rings)
    {
        var ringLoop = e.CreateLabel("ring-loop");
        var work = e.CreateLabel("work");
        var ring = e.CreateLabel("ring");
        var noWrap = e.CreateLabel("no-wrap");

        e.Sti();                                           // interrupts on for the whole program
        e.MovR32Imm32(Rbx, (uint)GuestLayout.TargetsAddress);
        e.MovR64Imm64(R13, (ulong)rings);                  // the bound; 0 rings forever
        e.XorR32R32(R14, R14);                             // rings done
        e.Bind(ringLoop);
        e.MovR32Imm32(Rcx, (uint)workIterations);
        e.TestR32R32(Rcx, Rcx);                            // 0 iterations: dec would wrap to 2^32
        e.Jz(ring);
        e.Bind(work);
        e.DecR32(Rcx);
        e.Jnz(work);
        e.Bind(ring);
        e.MovR32FromMemIndexed(Rax, Rbx, Rsi, 4);          // the target id, as untrusted as the table
        e.MovR16Imm16(Rdx, GuestPorts.Doorbell);
        e.OutDxEax();
        e.AddR32Imm(Rsi, 1);
        e.CmpR32Imm(Rsi, targetCount);
        e.Jb(noWrap);
        e.XorR32R32(Rsi, Rsi);
        e.Bind(noWrap);
        e.AddR64Imm(R14, 1);
        e.TestR64R64(R13, R13);
        e.Jz(ringLoop);
        e.CmpR64R64(R14, R13);
        e.Jb(ringLoop);
        HaltLoop(e);
    }

    /// <summary>
    /// <c>lidt</c> of an empty IDT, then <c>ud2</c>: #UD finds no gate, nor does #GP or #DF, so
    /// the CPU shuts down (KVM_EXIT_SHUTDOWN, measured on kvm_pvm; int3 would fail emulation instead).
    /// </summary>
    public static void TripleFault(X86Emitter e, ulong emptyIdtDescriptor)
    {
        e.MovR32Imm32(Rax, (uint)emptyIdtDescriptor);
        e.Lidt(Rax);
        e.Ud2();
    }

    /// <summary>One <c>out</c> of <paramref name="value"/> to <paramref name="port"/>, then the halt loop.</summary>
    public static void UnknownPort(X86Emitter e, ushort port, uint value)
    {
        e.MovR16Imm16(Rdx, port);
        e.MovR32Imm32(Rax, value);
        e.OutDxEax();
        HaltLoop(e);
    }

    /// <summary>One 4-byte store of <paramref name="value"/> to <paramref name="address"/>, then the halt loop.</summary>
    public static void Store(X86Emitter e, ulong address, uint value)
    {
        e.MovR64Imm64(Rax, address);
        e.MovR32Imm32(Rcx, value);
        e.MovMemFromR32(Rax, 0, Rcx);
        HaltLoop(e);
    }

    /// <summary>
    /// The interrupt handler at CPL0: <c>inc qword [r15]; iretq</c>. It touches no register
    /// (iretq restores the flags inc changed), so it may interrupt any instruction of any program.
    /// </summary>
    public static void Handler(X86Emitter e)
    {
        e.IncMem64(R15);
        e.Iretq();
    }
}
