using Rcuvisor.Backends;
using Rcuvisor.Kvm.Guest;

namespace Rcuvisor.Kvm.Tests.Guest;

/// <summary>
/// Each image's whole code region, decoded by objdump, is exactly the program listed here
/// (entry point first, interrupt handler last), with jumps landing on the listed labels, no
/// <c>(bad)</c>, and only instructions kvm_pvm's CPL0 emulator was measured to run.
/// </summary>
public sealed class GuestImageDisassemblyTests
{
    /// <summary>Instructions measured to work at 64-bit CPL0 on kvm_pvm, or (ud2) to fault as intended.</summary>
    private static readonly HashSet<string> KvmPvmSafe =
        ["mov", "movabs", "xor", "test", "add", "sub", "cmp", "dec", "inc", "je", "jne", "jb", "jae", "jmp",
         "out", "sti", "cli", "hlt", "iretq", "lidt", "ud2", "nop", "push", "pop"];

    private static readonly string[] Handler = ["handler: inc QWORD PTR [r15]", "iretq"];
    private static readonly string[] HaltLoop = ["halt: sti", "hlt", "jmp @halt"];

    [Fact]
    public void Spin_is_cli_then_jmp_to_itself()
    {
        Check(GuestImageBuilder.Build(GuestProgram.Spin(), 3), ["cli", "spin: jmp @spin", .. Handler]);
    }

    [Fact]
    public void Halt_is_the_sti_hlt_loop()
    {
        Check(GuestImageBuilder.Build(GuestProgram.Halt(), 3), [.. HaltLoop, .. Handler]);
    }

    [Theory]
    [InlineData(1000, 0L)]
    [InlineData(0, 5L)]
    [InlineData(GuestImageBuilder.MaxWorkIterations, long.MaxValue)]
    public void Doorbell_works_rings_the_next_target_and_stops_after_its_rings(int work, long rings)
    {
        var image = GuestImageBuilder.Build(GuestProgram.Doorbell(work, [2, 0, 1], rings), 2);
        Check(image,
        [
            "sti",
            "mov ebx,0x10000",
            $"movabs r13,0x{rings:x}",
            "xor r14d,r14d",
            $"ring-loop: mov ecx,0x{work:x}",
            "test ecx,ecx",
            "je @ring",
            "work: dec ecx",
            "jne @work",
            "ring: mov eax,DWORD PTR [rbx+rsi*4]",
            $"mov dx,0x{GuestPorts.Doorbell:x}",
            "out dx,eax",
            "add esi,0x1",
            "cmp esi,0x3",
            "jb @no-wrap",
            "xor esi,esi",
            "no-wrap: add r14,0x1",
            "test r13,r13",
            "je @ring-loop",
            "cmp r14,r13",
            "jb @ring-loop",
            .. HaltLoop,
            .. Handler,
        ]);
        Assert.Equal(GuestLayout.TargetsAddress, image.TargetsAddress);
    }

    [Fact]
    public void Triple_fault_loads_an_empty_idt_then_raises_ud()
    {
        var image = GuestImageBuilder.BuildTripleFault(0);
        Check(image, [$"mov eax,0x{GuestLayout.DataAddress:x}", "lidt [rax]", "ud2", .. Handler]);
        var descriptor = image.Regions.Single(r => r.Address == GuestLayout.DataAddress);
        Assert.True(descriptor.Bytes.Length >= 10 && descriptor.Bytes.Span.IndexOfAnyExcept((byte)0) < 0, "limit 0, base 0");
    }

    [Fact]
    public void Unknown_port_writes_once_then_halts()
    {
        Check(GuestImageBuilder.BuildUnknownPort(0, 0x1234),
            ["mov dx,0x1234", $"mov eax,0x{GuestImageBuilder.ContainmentValue:x}", "out dx,eax", .. HaltLoop, .. Handler]);
    }

    [Fact]
    public void Unmapped_mmio_stores_once_to_the_window_past_memory_then_halts()
    {
        var image = GuestImageBuilder.BuildUnmappedMmio(4095);
        Check(image,
            [$"movabs rax,0x{image.MmioWindowAddress:x}", $"mov ecx,0x{GuestImageBuilder.ContainmentValue:x}",
             "mov DWORD PTR [rax],ecx", .. HaltLoop, .. Handler]);
        Assert.Equal(image.MemorySize, image.MmioWindowAddress);
    }

    /// <summary>
    /// Disassembles the image's code and compares it with <paramref name="listing"/>: one line per
    /// instruction, <c>name: </c> marks a label, <c>@name</c> in operands is that label's address.
    /// </summary>
    private static void Check(GuestImage image, string[] listing)
    {
        Assert.SkipUnless(Objdump.Path is not null, Objdump.MissingReason);
        var decoded = Objdump.Disassemble(image.Code.Bytes.ToArray(), image.Code.Address);

        Assert.DoesNotContain(decoded, i => i.Text.Contains("(bad)", StringComparison.Ordinal));
        Assert.Equal(image.Code.Bytes.Length, decoded.Sum(i => i.Bytes.Length));
        Assert.Equal(image.EntryPoint, decoded[0].Address);
        Assert.True(listing.Length == decoded.Count,
            $"{image.Name}: listed {listing.Length} instructions, objdump decoded {decoded.Count}:\n{string.Join('\n', decoded)}");

        var labels = new Dictionary<string, ulong>();
        var texts = new string[listing.Length];
        for (int i = 0; i < listing.Length; i++)
        {
            string line = listing[i];
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && !line[..colon].Contains(' ', StringComparison.Ordinal))
            {
                labels.Add(line[..colon], decoded[i].Address);
                line = line[(colon + 2)..];
            }
            texts[i] = line;
        }
        for (int i = 0; i < listing.Length; i++)
        {
            string expected = texts[i];
            foreach (var (name, address) in labels)
                expected = expected.Replace($"@{name}", $"0x{address:x}", StringComparison.Ordinal);
            Assert.True(expected == decoded[i].Text, $"{image.Name} instruction {i}: listed '{expected}', objdump decoded {decoded[i]}");
            Assert.True(KvmPvmSafe.Contains(decoded[i].Mnemonic), $"{image.Name}: {decoded[i]} is not known to run at CPL0 on kvm_pvm");
        }
        Assert.Equal(image.HandlerAddress, labels["handler"]);
        TestContext.Current.SendDiagnosticMessage(
            $"{image.Name}: {decoded.Count} instructions ({image.Code.Bytes.Length} bytes) decoded as listed; handler at 0x{image.HandlerAddress:x}");
    }
}
