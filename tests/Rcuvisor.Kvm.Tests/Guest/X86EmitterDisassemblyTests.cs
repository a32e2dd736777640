using System.Reflection;
using Rcuvisor.Kvm.Guest;
using static Rcuvisor.Kvm.Guest.Register;

namespace Rcuvisor.Kvm.Tests.Guest;

/// <summary>
/// The disassembler proof: every instruction form the emitter offers, with low and high
/// (REX) registers and both jump widths, is emitted in one stream and decoded by GNU
/// objdump; each decoded instruction must be the one asked for, at the offset expected.
/// </summary>
public sealed class X86EmitterDisassemblyTests
{
    /// <summary>Emitter members that place labels or read state rather than emit an instruction.</summary>
    private static readonly string[] NotInstructions = [nameof(X86Emitter.Bind), nameof(X86Emitter.CreateLabel),
        nameof(X86Emitter.AddressOf), nameof(X86Emitter.ToArray)];

    [Fact]
    public void Every_form_decodes_to_the_instruction_asked_for()
    {
        Assert.SkipUnless(Objdump.Path is not null, Objdump.MissingReason);
        const ulong origin = 0x8000;
        var emitter = new X86Emitter(origin);
        var cases = new List<EmitCase>();
        void Add(string form, Action<X86Emitter> emit, Func<string> expected)
        {
            int start = emitter.Position;
            emit(emitter);
            cases.Add(new EmitCase(form, start, emitter.Position - start, expected));
        }
        void Fixed(string form, Action<X86Emitter> emit, string expected) => Add(form, emit, () => expected);
        string At(Label label) => $"0x{emitter.AddressOf(label):x}";

        var top = emitter.CreateLabel("top");
        emitter.Bind(top);
        var forwardShort = emitter.CreateLabel("forward-short");
        var forwardNear = emitter.CreateLabel("forward-near");

        // Forward jumps first, so the labels they name are bound further down.
        Add(nameof(X86Emitter.Jmp), e => e.Jmp(forwardShort, JumpWidth.Short), () => $"jmp {At(forwardShort)}");
        Add(nameof(X86Emitter.Jz), e => e.Jz(forwardShort, JumpWidth.Short), () => $"je {At(forwardShort)}");
        Add(nameof(X86Emitter.Jnz), e => e.Jnz(forwardShort, JumpWidth.Short), () => $"jne {At(forwardShort)}");
        Add(nameof(X86Emitter.Jb), e => e.Jb(forwardShort, JumpWidth.Short), () => $"jb {At(forwardShort)}");
        Add(nameof(X86Emitter.Jae), e => e.Jae(forwardShort, JumpWidth.Short), () => $"jae {At(forwardShort)}");
        Add(nameof(X86Emitter.Jmp), e => e.Jmp(forwardNear), () => $"jmp {At(forwardNear)}");
        Add(nameof(X86Emitter.Jz), e => e.Jz(forwardNear), () => $"je {At(forwardNear)}");
        Add(nameof(X86Emitter.Jnz), e => e.Jnz(forwardNear), () => $"jne {At(forwardNear)}");
        Add(nameof(X86Emitter.Jb), e => e.Jb(forwardNear), () => $"jb {At(forwardNear)}");
        Add(nameof(X86Emitter.Jae), e => e.Jae(forwardNear), () => $"jae {At(forwardNear)}");
        emitter.Bind(forwardShort);

        Fixed(nameof(X86Emitter.MovR64Imm64), e => e.MovR64Imm64(Rax, 0x1122334455667788), "movabs rax,0x1122334455667788");
        Fixed(nameof(X86Emitter.MovR64Imm64), e => e.MovR64Imm64(R8, 0x10), "movabs r8,0x10");
        Fixed(nameof(X86Emitter.MovR64Imm64), e => e.MovR64Imm64(R15, ulong.MaxValue), "movabs r15,0xffffffffffffffff");
        Fixed(nameof(X86Emitter.MovR32Imm32), e => e.MovR32Imm32(Rax, 0x12345678), "mov eax,0x12345678");
        Fixed(nameof(X86Emitter.MovR32Imm32), e => e.MovR32Imm32(Rbx, 0x10000), "mov ebx,0x10000");
        Fixed(nameof(X86Emitter.MovR32Imm32), e => e.MovR32Imm32(R9, 7), "mov r9d,0x7");
        Fixed(nameof(X86Emitter.MovR32Imm32), e => e.MovR32Imm32(R15, 0xFFFFFFFF), "mov r15d,0xffffffff");
        Fixed(nameof(X86Emitter.MovR16Imm16), e => e.MovR16Imm16(Rdx, 0xDB), "mov dx,0xdb");
        Fixed(nameof(X86Emitter.MovR16Imm16), e => e.MovR16Imm16(R10, 0x1234), "mov r10w,0x1234");
        Fixed(nameof(X86Emitter.MovR32FromMem), e => e.MovR32FromMem(Rax, Rbx), "mov eax,DWORD PTR [rbx]");
        Fixed(nameof(X86Emitter.MovR32FromMem), e => e.MovR32FromMem(Rcx, Rsp), "mov ecx,DWORD PTR [rsp]");
        Fixed(nameof(X86Emitter.MovR32FromMem), e => e.MovR32FromMem(Rdx, Rbp), "mov edx,DWORD PTR [rbp+0x0]");
        Fixed(nameof(X86Emitter.MovR32FromMem), e => e.MovR32FromMem(R8, R12, 0x10), "mov r8d,DWORD PTR [r12+0x10]");
        Fixed(nameof(X86Emitter.MovR32FromMem), e => e.MovR32FromMem(R9, R13), "mov r9d,DWORD PTR [r13+0x0]");
        Fixed(nameof(X86Emitter.MovR32FromMem), e => e.MovR32FromMem(Rsi, R15, 0x1000), "mov esi,DWORD PTR [r15+0x1000]");
        Fixed(nameof(X86Emitter.MovR32FromMem), e => e.MovR32FromMem(Rax, Rax, -8), "mov eax,DWORD PTR [rax-0x8]");
        Fixed(nameof(X86Emitter.MovR32FromMemIndexed), e => e.MovR32FromMemIndexed(Rax, Rbx, Rsi, 4), "mov eax,DWORD PTR [rbx+rsi*4]");
        Fixed(nameof(X86Emitter.MovR32FromMemIndexed), e => e.MovR32FromMemIndexed(R11, R13, R12, 8, 0x20), "mov r11d,DWORD PTR [r13+r12*8+0x20]");
        Fixed(nameof(X86Emitter.MovR32FromMemIndexed), e => e.MovR32FromMemIndexed(Rcx, Rbp, Rax, 1), "mov ecx,DWORD PTR [rbp+rax*1+0x0]");
        Fixed(nameof(X86Emitter.MovR32FromMemIndexed), e => e.MovR32FromMemIndexed(Rdx, Rsp, R15, 2, 0x12345), "mov edx,DWORD PTR [rsp+r15*2+0x12345]");
        Fixed(nameof(X86Emitter.MovMemFromR32), e => e.MovMemFromR32(Rdi, 4, Rax), "mov DWORD PTR [rdi+0x4],eax");
        Fixed(nameof(X86Emitter.MovMemFromR32), e => e.MovMemFromR32(R12, 0, R14), "mov DWORD PTR [r12],r14d");
        Fixed(nameof(X86Emitter.IncMem64), e => e.IncMem64(R15), "inc QWORD PTR [r15]");
        Fixed(nameof(X86Emitter.IncMem64), e => e.IncMem64(Rax), "inc QWORD PTR [rax]");
        Fixed(nameof(X86Emitter.IncMem64), e => e.IncMem64(R13, 8), "inc QWORD PTR [r13+0x8]");
        Fixed(nameof(X86Emitter.IncMem64), e => e.IncMem64(Rsp), "inc QWORD PTR [rsp]");
        Fixed(nameof(X86Emitter.AddR64Imm), e => e.AddR64Imm(R14, 1), "add r14,0x1");
        Fixed(nameof(X86Emitter.AddR64Imm), e => e.AddR64Imm(Rax, 0x1000), "add rax,0x1000");
        Fixed(nameof(X86Emitter.AddR64Imm), e => e.AddR64Imm(R8, -1), "add r8,0xffffffffffffffff");
        Fixed(nameof(X86Emitter.AddR32Imm), e => e.AddR32Imm(Rsi, 1), "add esi,0x1");
        Fixed(nameof(X86Emitter.AddR32Imm), e => e.AddR32Imm(R12, 0x12345), "add r12d,0x12345");
        Fixed(nameof(X86Emitter.SubR32Imm), e => e.SubR32Imm(Rcx, 1), "sub ecx,0x1");
        Fixed(nameof(X86Emitter.SubR32Imm), e => e.SubR32Imm(R10, 0x200), "sub r10d,0x200");
        Fixed(nameof(X86Emitter.CmpR32Imm), e => e.CmpR32Imm(Rsi, 3), "cmp esi,0x3");
        Fixed(nameof(X86Emitter.CmpR32Imm), e => e.CmpR32Imm(R12, 0x1000), "cmp r12d,0x1000");
        Fixed(nameof(X86Emitter.DecR32), e => e.DecR32(Rcx), "dec ecx");
        Fixed(nameof(X86Emitter.DecR32), e => e.DecR32(R11), "dec r11d");
        Fixed(nameof(X86Emitter.CmpR32R32), e => e.CmpR32R32(Rsi, R12), "cmp esi,r12d");
        Fixed(nameof(X86Emitter.CmpR32R32), e => e.CmpR32R32(R8, Rax), "cmp r8d,eax");
        Fixed(nameof(X86Emitter.CmpR64R64), e => e.CmpR64R64(R14, R13), "cmp r14,r13");
        Fixed(nameof(X86Emitter.CmpR64R64), e => e.CmpR64R64(Rax, R9), "cmp rax,r9");
        Fixed(nameof(X86Emitter.TestR32R32), e => e.TestR32R32(Rcx, Rcx), "test ecx,ecx");
        Fixed(nameof(X86Emitter.TestR32R32), e => e.TestR32R32(R13, R13), "test r13d,r13d");
        Fixed(nameof(X86Emitter.TestR64R64), e => e.TestR64R64(R13, R13), "test r13,r13");
        Fixed(nameof(X86Emitter.TestR64R64), e => e.TestR64R64(Rax, R15), "test rax,r15");
        Fixed(nameof(X86Emitter.XorR32R32), e => e.XorR32R32(Rsi, Rsi), "xor esi,esi");
        Fixed(nameof(X86Emitter.XorR32R32), e => e.XorR32R32(R14, R14), "xor r14d,r14d");
        Fixed(nameof(X86Emitter.XorR32R32), e => e.XorR32R32(Rax, R9), "xor eax,r9d");
        Fixed(nameof(X86Emitter.OutDxEax), e => e.OutDxEax(), "out dx,eax");
        Fixed(nameof(X86Emitter.OutImm8Al), e => e.OutImm8Al(0x80), "out 0x80,al");
        Fixed(nameof(X86Emitter.Sti), e => e.Sti(), "sti");
        Fixed(nameof(X86Emitter.Cli), e => e.Cli(), "cli");
        Fixed(nameof(X86Emitter.Hlt), e => e.Hlt(), "hlt");
        Fixed(nameof(X86Emitter.Iretq), e => e.Iretq(), "iretq");
        Fixed(nameof(X86Emitter.Nop), e => e.Nop(), "nop");
        Fixed(nameof(X86Emitter.Ud2), e => e.Ud2(), "ud2");
        Fixed(nameof(X86Emitter.Lidt), e => e.Lidt(Rax), "lidt [rax]");
        Fixed(nameof(X86Emitter.Lidt), e => e.Lidt(R12, 8), "lidt [r12+0x8]");
        Fixed(nameof(X86Emitter.Push), e => e.Push(Rbx), "push rbx");
        Fixed(nameof(X86Emitter.Push), e => e.Push(R12), "push r12");
        Fixed(nameof(X86Emitter.Pop), e => e.Pop(Rbx), "pop rbx");
        Fixed(nameof(X86Emitter.Pop), e => e.Pop(R15), "pop r15");

        // Past rel8's reach of "top", so Auto must choose rel32 backwards; then short backward jumps.
        Assert.True(emitter.Position > 130, "the stream must be long enough for a backward jump to need rel32");
        emitter.Bind(forwardNear);
        Add(nameof(X86Emitter.Jmp), e => e.Jmp(top), () => $"jmp {At(top)}");
        Add(nameof(X86Emitter.Jnz), e => e.Jnz(top), () => $"jne {At(top)}");
        var back = emitter.CreateLabel("back");
        emitter.Bind(back);
        Add(nameof(X86Emitter.Jmp), e => e.Jmp(back), () => $"jmp {At(back)}");
        Add(nameof(X86Emitter.Jz), e => e.Jz(back), () => $"je {At(back)}");
        Add(nameof(X86Emitter.Jnz), e => e.Jnz(back), () => $"jne {At(back)}");
        Add(nameof(X86Emitter.Jb), e => e.Jb(back), () => $"jb {At(back)}");
        Add(nameof(X86Emitter.Jae), e => e.Jae(back, JumpWidth.Near), () => $"jae {At(back)}");

        var decoded = Objdump.Disassemble(emitter.ToArray(), origin);

        Assert.Equal(cases.Count, decoded.Count);
        for (int i = 0; i < cases.Count; i++)
        {
            var expected = cases[i];
            var actual = decoded[i];
            Assert.True(origin + (ulong)expected.Offset == actual.Address, $"case {i} ({expected.Form}) starts at 0x{origin + (ulong)expected.Offset:x}, objdump decoded {actual}");
            Assert.True(expected.Length == actual.Bytes.Length, $"case {i} ({expected.Form}) is {expected.Length} bytes, objdump decoded {actual}");
            Assert.True(expected.Expected() == actual.Text, $"case {i} ({expected.Form}): asked for '{expected.Expected()}', objdump decoded {actual}");
        }
        // The widths chosen: short forward jumps are 2 bytes, near forward 5 (jmp) or 6 (jcc), Auto backward far is rel32.
        Assert.Equal([2, 2, 2, 2, 2, 5, 6, 6, 6, 6], cases.Take(10).Select(c => c.Length));
        Assert.Equal([5, 6, 2, 2, 2, 2, 6], cases.TakeLast(7).Select(c => c.Length));

        var emittingForms = typeof(X86Emitter).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && !NotInstructions.Contains(m.Name))
            .Select(m => m.Name).ToHashSet();
        var covered = cases.Select(c => c.Form).ToHashSet();
        Assert.Empty(emittingForms.Except(covered));
        TestContext.Current.SendDiagnosticMessage(
            $"objdump agreed on {cases.Count} instructions covering all {emittingForms.Count} emitter forms ({emitter.Position} bytes)");
    }

    [Fact]
    public void Bad_uses_are_refused_with_the_reason()
    {
        var emitter = new X86Emitter();
        var far = emitter.CreateLabel("far");
        emitter.Jmp(far, JumpWidth.Short);
        for (int i = 0; i < 200; i++)
            emitter.Nop();
        var reach = Assert.Throws<InvalidOperationException>(() => emitter.Bind(far));
        Assert.Contains("far", reach.Message);

        var other = new X86Emitter().CreateLabel("foreign");
        Assert.Throws<ArgumentException>(() => emitter.Jmp(other));

        var unbound = new X86Emitter();
        var never = unbound.CreateLabel("never");
        unbound.Jnz(never);
        Assert.Contains("never", Assert.Throws<InvalidOperationException>(unbound.ToArray).Message);

        var twice = new X86Emitter();
        var label = twice.CreateLabel("twice");
        twice.Bind(label);
        Assert.Throws<InvalidOperationException>(() => twice.Bind(label));
        Assert.Throws<ArgumentException>(() => twice.MovR32FromMemIndexed(Rax, Rbx, Rsp, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => twice.MovR32FromMemIndexed(Rax, Rbx, Rsi, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => twice.Push((Register)16));
    }
}
