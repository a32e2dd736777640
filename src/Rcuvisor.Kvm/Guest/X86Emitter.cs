namespace Rcuvisor.Kvm.Guest;

/// <summary>
/// Emits the few x86-64 instructions the test guests need, one named method per form, so
/// guest builders read as assembly rather than byte soup. Only plain integer instructions
/// exist here: on kvm_pvm, CPL0 code is emulated and int3, int n, popcnt, SSE, xsave and
/// rdtscp fail while vmcall hangs (shared/kvm/README.md), so none of them is offered.
/// </summary>
/// <remarks>
/// Operands follow Intel order (destination first). Method names give the operand width:
/// <c>R64</c>, <c>R32</c>, <c>R16</c>. Memory operands are <c>[base + disp]</c> or
/// <c>[base + index*scale + disp]</c>; the emitter picks the shortest ModRM form and adds the
/// SIB byte or zero displacement that rsp/r12 and rbp/r13 require as bases.
/// </remarks>
public sealed class X86Emitter
{
    private const byte RexBase = 0x40;
    private const byte RexW = 0x08;
    private const byte RexR = 0x04;
    private const byte RexX = 0x02;
    private const byte RexB = 0x01;

    // Condition codes (the low nibble of 0x70+cc / 0x0F 0x80+cc).
    private const byte ConditionBelow = 0x2;
    private const byte ConditionAboveOrEqual = 0x3;
    private const byte ConditionZero = 0x4;
    private const byte ConditionNotZero = 0x5;

    private readonly List<byte> _code = [];
    private readonly List<JumpFixup> _fixups = [];

    /// <summary>Creates an emitter whose first byte will sit at guest address <paramref name="origin"/>.</summary>
    public X86Emitter(ulong origin = 0) => Origin = origin;

    /// <summary>The guest address of the first byte emitted.</summary>
    public ulong Origin { get; }

    /// <summary>Bytes emitted so far: the offset the next instruction will have.</summary>
    public int Position => _code.Count;

    /// <summary>The guest address the next instruction will have.</summary>
    public ulong CurrentAddress => Origin + (ulong)_code.Count;

    /// <summary>Creates an unbound label; <paramref name="name"/> appears in error messages.</summary>
    public Label CreateLabel(string name) => new(this, name);

    /// <summary>Places <paramref name="label"/> at the current position and backpatches every jump to it.</summary>
    /// <exception cref="InvalidOperationException">The label is already bound, or a short jump to it is out of rel8 reach.</exception>
    public void Bind(Label label)
    {
        CheckOwner(label);
        if (label.IsBound)
            throw new InvalidOperationException($"label {label.Name} is already bound at offset 0x{label.Offset:x}");
        label.Offset = Position;
        for (int i = _fixups.Count - 1; i >= 0; i--)
        {
            var fixup = _fixups[i];
            if (fixup.Target != label)
                continue;
            long displacement = (long)Position - fixup.InstructionEnd;
            if (fixup.IsShort)
            {
                if (displacement is < sbyte.MinValue or > sbyte.MaxValue)
                    throw new InvalidOperationException(
                        $"short jump at offset 0x{fixup.DisplacementOffset - 1:x} cannot reach label {label.Name} ({displacement} bytes; rel8 reaches -128..127)");
                _code[fixup.DisplacementOffset] = unchecked((byte)(sbyte)displacement);
            }
            else
            {
                WriteInt32At(fixup.DisplacementOffset, (int)displacement);
            }
            _fixups.RemoveAt(i);
        }
    }

    /// <summary>The guest address of a bound label.</summary>
    public ulong AddressOf(Label label)
    {
        CheckOwner(label);
        return label.Offset is int offset
            ? Origin + (ulong)offset
            : throw new InvalidOperationException($"label {label.Name} is not bound yet");
    }

    /// <summary>The code emitted, once every label a jump names is bound.</summary>
    /// <exception cref="InvalidOperationException">A jump names a label that was never bound.</exception>
    public byte[] ToArray()
    {
        if (_fixups.Count > 0)
            throw new InvalidOperationException(
                $"jumps to unbound labels: {string.Join(", ", _fixups.Select(f => f.Target.Name).Distinct())}");
        return [.. _code];
    }

    // ---- moves ----

    /// <summary><c>mov r64, imm64</c> (objdump: <c>movabs</c>); always the 10-byte form, so the size does not depend on the value.</summary>
    public void MovR64Imm64(Register destination, ulong immediate)
    {
        EmitRex(RexW, 0, 0, Code(destination));
        Emit((byte)(0xB8 + Low(destination)));
        EmitUInt64(immediate);
    }

    /// <summary><c>mov r32, imm32</c>; in 64-bit mode the upper half of the register is cleared.</summary>
    public void MovR32Imm32(Register destination, uint immediate)
    {
        EmitRex(0, 0, 0, Code(destination));
        Emit((byte)(0xB8 + Low(destination)));
        EmitUInt32(immediate);
    }

    /// <summary><c>mov r16, imm16</c>, e.g. a port number into dx for <see cref="OutDxEax"/>.</summary>
    public void MovR16Imm16(Register destination, ushort immediate)
    {
        Emit(0x66);
        EmitRex(0, 0, 0, Code(destination));
        Emit((byte)(0xB8 + Low(destination)));
        Emit((byte)immediate);
        Emit((byte)(immediate >> 8));
    }

    /// <summary><c>mov r32, dword [base + disp]</c>.</summary>
    public void MovR32FromMem(Register destination, Register baseRegister, int displacement = 0)
    {
        EmitRex(0, Code(destination), 0, Code(baseRegister));
        Emit(0x8B);
        EmitMemoryOperand(Low(destination), baseRegister, displacement);
    }

    /// <summary><c>mov r32, dword [base + index*scale + disp]</c>; scale is 1, 2, 4 or 8, and rsp cannot be an index.</summary>
    public void MovR32FromMemIndexed(Register destination, Register baseRegister, Register index, int scale, int displacement = 0)
    {
        EmitRex(0, Code(destination), Code(index), Code(baseRegister));
        Emit(0x8B);
        EmitIndexedMemoryOperand(Low(destination), baseRegister, index, scale, displacement);
    }

    /// <summary><c>mov dword [base + disp], r32</c>.</summary>
    public void MovMemFromR32(Register baseRegister, int displacement, Register source)
    {
        EmitRex(0, Code(source), 0, Code(baseRegister));
        Emit(0x89);
        EmitMemoryOperand(Low(source), baseRegister, displacement);
    }

    // ---- arithmetic ----

    /// <summary><c>inc qword [base + disp]</c>: the interrupt handler's counter bump.</summary>
    public void IncMem64(Register baseRegister, int displacement = 0)
    {
        EmitRex(RexW, 0, 0, Code(baseRegister));
        Emit(0xFF);
        EmitMemoryOperand(0, baseRegister, displacement);
    }

    /// <summary><c>add r64, imm</c> (imm8 when it fits, else imm32; sign-extended either way).</summary>
    public void AddR64Imm(Register destination, int immediate) => EmitGroup1(RexW, 0, destination, immediate);

    /// <summary><c>add r32, imm</c> (imm8 when it fits, else imm32).</summary>
    public void AddR32Imm(Register destination, int immediate) => EmitGroup1(0, 0, destination, immediate);

    /// <summary><c>sub r32, imm</c> (imm8 when it fits, else imm32).</summary>
    public void SubR32Imm(Register destination, int immediate) => EmitGroup1(0, 5, destination, immediate);

    /// <summary><c>cmp r32, imm</c> (imm8 when it fits, else imm32).</summary>
    public void CmpR32Imm(Register left, int immediate) => EmitGroup1(0, 7, left, immediate);

    /// <summary><c>dec r32</c> (FF /1: the one-byte 48+r form is a REX prefix in 64-bit mode).</summary>
    public void DecR32(Register register)
    {
        EmitRex(0, 0, 0, Code(register));
        Emit(0xFF);
        EmitModRmRegister(1, register);
    }

    /// <summary><c>cmp r32, r32</c>: sets flags from <paramref name="left"/> − <paramref name="right"/>.</summary>
    public void CmpR32R32(Register left, Register right) => EmitRegisterRegister(0, 0x39, left, right);

    /// <summary><c>cmp r64, r64</c>: sets flags from <paramref name="left"/> − <paramref name="right"/>.</summary>
    public void CmpR64R64(Register left, Register right) => EmitRegisterRegister(RexW, 0x39, left, right);

    /// <summary><c>test r32, r32</c>.</summary>
    public void TestR32R32(Register left, Register right) => EmitRegisterRegister(0, 0x85, left, right);

    /// <summary><c>test r64, r64</c>.</summary>
    public void TestR64R64(Register left, Register right) => EmitRegisterRegister(RexW, 0x85, left, right);

    /// <summary><c>xor r32, r32</c>; with the same register twice, the usual way to zero it (all 64 bits).</summary>
    public void XorR32R32(Register destination, Register source) => EmitRegisterRegister(0, 0x31, destination, source);

    // ---- control flow ----

    /// <summary><c>jmp label</c>.</summary>
    public void Jmp(Label target, JumpWidth width = JumpWidth.Auto) => EmitJump(0xEB, [0xE9], target, width);

    /// <summary><c>jz label</c> (objdump: <c>je</c>).</summary>
    public void Jz(Label target, JumpWidth width = JumpWidth.Auto) => EmitConditionalJump(ConditionZero, target, width);

    /// <summary><c>jnz label</c> (objdump: <c>jne</c>).</summary>
    public void Jnz(Label target, JumpWidth width = JumpWidth.Auto) => EmitConditionalJump(ConditionNotZero, target, width);

    /// <summary><c>jb label</c>: unsigned below (CF=1).</summary>
    public void Jb(Label target, JumpWidth width = JumpWidth.Auto) => EmitConditionalJump(ConditionBelow, target, width);

    /// <summary><c>jae label</c>: unsigned above or equal (CF=0).</summary>
    public void Jae(Label target, JumpWidth width = JumpWidth.Auto) => EmitConditionalJump(ConditionAboveOrEqual, target, width);

    // ---- I/O ----

    /// <summary><c>out dx, eax</c>: a 4-byte write to the port in dx (a KVM_EXIT_IO).</summary>
    public void OutDxEax() => Emit(0xEF);

    /// <summary><c>out imm8, al</c>: a 1-byte write to a fixed port below 256.</summary>
    public void OutImm8Al(byte port)
    {
        Emit(0xE6);
        Emit(port);
    }

    // ---- system ----

    /// <summary><c>sti</c>: IF=1 (interrupts are taken after the next instruction).</summary>
    public void Sti() => Emit(0xFB);

    /// <summary><c>cli</c>: IF=0.</summary>
    public void Cli() => Emit(0xFA);

    /// <summary><c>hlt</c>: a KVM_EXIT_HLT with the userspace irqchip.</summary>
    public void Hlt() => Emit(0xF4);

    /// <summary><c>iretq</c>: return from a 64-bit interrupt frame (REX.W CF).</summary>
    public void Iretq()
    {
        Emit(RexBase | RexW);
        Emit(0xCF);
    }

    /// <summary><c>nop</c>.</summary>
    public void Nop() => Emit(0x90);

    /// <summary><c>ud2</c>: raises #UD, which kvm_pvm delivers as a guest exception (int3 would not: it fails emulation).</summary>
    public void Ud2()
    {
        Emit(0x0F);
        Emit(0x0B);
    }

    /// <summary><c>lidt [base + disp]</c>: loads the IDT register from a 10-byte limit/base pseudo-descriptor.</summary>
    public void Lidt(Register baseRegister, int displacement = 0)
    {
        EmitRex(0, 0, 0, Code(baseRegister));
        Emit(0x0F);
        Emit(0x01);
        EmitMemoryOperand(3, baseRegister, displacement);
    }

    /// <summary><c>push r64</c>.</summary>
    public void Push(Register register)
    {
        EmitRex(0, 0, 0, Code(register));
        Emit((byte)(0x50 + Low(register)));
    }

    /// <summary><c>pop r64</c>.</summary>
    public void Pop(Register register)
    {
        EmitRex(0, 0, 0, Code(register));
        Emit((byte)(0x58 + Low(register)));
    }

    // ---- encoding ----

    private static int Code(Register register)
    {
        if ((uint)register > 15)
            throw new ArgumentOutOfRangeException(nameof(register), register, "a general register is numbered 0..15");
        return (int)register;
    }

    private static int Low(Register register) => Code(register) & 7;

    /// <summary>Emits a REX prefix when any of W or the registers' fourth bits needs one.</summary>
    private void EmitRex(byte w, int regField, int indexField, int rmField)
    {
        byte rex = (byte)(w
            | (((regField >> 3) & 1) != 0 ? RexR : 0)
            | (((indexField >> 3) & 1) != 0 ? RexX : 0)
            | (((rmField >> 3) & 1) != 0 ? RexB : 0));
        if (rex != 0)
            Emit((byte)(RexBase | rex));
    }

    private void EmitModRmRegister(int regField, Register rm) => Emit((byte)(0xC0 | (regField << 3) | Low(rm)));

    /// <summary>ModRM (and SIB/displacement) for <c>[base + disp]</c>.</summary>
    private void EmitMemoryOperand(int regField, Register baseRegister, int displacement)
    {
        int baseLow = Low(baseRegister);
        // rbp/r13 with mod 00 would mean RIP-relative, so a zero displacement still needs disp8.
        int mod = Mod(displacement, baseLow == 5);
        if (baseLow == 4)
        {
            // rsp/r12 in ModRM.rm means "a SIB follows"; SIB 0x24 is base rsp/r12 with no index.
            Emit((byte)((mod << 6) | (regField << 3) | 4));
            Emit(0x24);
        }
        else
        {
            Emit((byte)((mod << 6) | (regField << 3) | baseLow));
        }
        EmitDisplacement(mod, displacement);
    }

    /// <summary>ModRM, SIB and displacement for <c>[base + index*scale + disp]</c>.</summary>
    private void EmitIndexedMemoryOperand(int regField, Register baseRegister, Register index, int scale, int displacement)
    {
        if (index == Register.Rsp)
            throw new ArgumentException("rsp cannot be an index register (SIB index 100 means none)", nameof(index));
        int scaleBits = scale switch
        {
            1 => 0,
            2 => 1,
            4 => 2,
            8 => 3,
            _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "the scale is 1, 2, 4 or 8"),
        };
        int baseLow = Low(baseRegister);
        // SIB base 101 with mod 00 means "no base, disp32", so rbp/r13 need an explicit displacement.
        int mod = Mod(displacement, baseLow == 5);
        Emit((byte)((mod << 6) | (regField << 3) | 4));
        Emit((byte)((scaleBits << 6) | (Low(index) << 3) | baseLow));
        EmitDisplacement(mod, displacement);
    }

    private static int Mod(int displacement, bool baseNeedsDisplacement) =>
        displacement == 0 && !baseNeedsDisplacement ? 0
        : displacement is >= sbyte.MinValue and <= sbyte.MaxValue ? 1
        : 2;

    private void EmitDisplacement(int mod, int displacement)
    {
        if (mod == 1)
            Emit(unchecked((byte)(sbyte)displacement));
        else if (mod == 2)
            EmitUInt32(unchecked((uint)displacement));
    }

    /// <summary>The 83/81 group: add (/0), sub (/5), cmp (/7) with an imm8 when it fits, else imm32.</summary>
    private void EmitGroup1(byte w, int operation, Register destination, int immediate)
    {
        EmitRex(w, 0, 0, Code(destination));
        bool fitsByte = immediate is >= sbyte.MinValue and <= sbyte.MaxValue;
        Emit(fitsByte ? (byte)0x83 : (byte)0x81);
        EmitModRmRegister(operation, destination);
        if (fitsByte)
            Emit(unchecked((byte)(sbyte)immediate));
        else
            EmitUInt32(unchecked((uint)immediate));
    }

    /// <summary><c>op r/m, reg</c> with both operands registers: ModRM.rm is the destination.</summary>
    private void EmitRegisterRegister(byte w, byte opcode, Register rm, Register reg)
    {
        EmitRex(w, Code(reg), 0, Code(rm));
        Emit(opcode);
        EmitModRmRegister(Low(reg), rm);
    }

    private void EmitConditionalJump(byte condition, Label target, JumpWidth width) =>
        EmitJump((byte)(0x70 + condition), [0x0F, (byte)(0x80 + condition)], target, width);

    private void EmitJump(byte shortOpcode, byte[] nearOpcode, Label target, JumpWidth width)
    {
        CheckOwner(target);
        if (!Enum.IsDefined(width))
            throw new ArgumentOutOfRangeException(nameof(width), width, "Auto, Short or Near");
        if (target.Offset is int offset)
        {
            long shortDisplacement = (long)offset - (Position + 2);
            bool fits = shortDisplacement is >= sbyte.MinValue and <= sbyte.MaxValue;
            if (width == JumpWidth.Short && !fits)
                throw new InvalidOperationException(
                    $"short jump cannot reach label {target.Name} ({shortDisplacement} bytes; rel8 reaches -128..127)");
            if (width != JumpWidth.Near && fits)
            {
                Emit(shortOpcode);
                Emit(unchecked((byte)(sbyte)shortDisplacement));
                return;
            }
            foreach (byte b in nearOpcode)
                Emit(b);
            EmitUInt32(unchecked((uint)(offset - (Position + 4))));
            return;
        }
        // Forward: the distance is unknown, so Auto takes rel32, which always fits.
        bool isShort = width == JumpWidth.Short;
        if (isShort)
        {
            Emit(shortOpcode);
            _fixups.Add(new JumpFixup(target, Position, Position + 1, IsShort: true));
            Emit(0);
        }
        else
        {
            foreach (byte b in nearOpcode)
                Emit(b);
            _fixups.Add(new JumpFixup(target, Position, Position + 4, IsShort: false));
            EmitUInt32(0);
        }
    }

    private void CheckOwner(Label label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.Owner != this)
            throw new ArgumentException($"label {label.Name} belongs to another emitter", nameof(label));
    }

    private void Emit(byte value) => _code.Add(value);

    private void EmitUInt32(uint value)
    {
        for (int i = 0; i < 4; i++)
            Emit((byte)(value >> (8 * i)));
    }

    private void EmitUInt64(ulong value)
    {
        for (int i = 0; i < 8; i++)
            Emit((byte)(value >> (8 * i)));
    }

    private void WriteInt32At(int offset, int value)
    {
        for (int i = 0; i < 4; i++)
            _code[offset + i] = (byte)(value >> (8 * i));
    }
}
