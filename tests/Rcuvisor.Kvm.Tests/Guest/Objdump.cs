using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Rcuvisor.Kvm.Tests.Guest;

/// <summary>
/// Runs GNU objdump on raw x86-64 bytes: an independent decoder, so the emitter's encodings
/// are checked against binutils rather than against the emitter's own idea of them.
/// </summary>
internal static partial class Objdump
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>objdump's full path, or null when binutils is not installed.</summary>
    public static string? Path { get; } = Find();

    public static string MissingReason =>
        "objdump (GNU binutils) is not on PATH: install binutils to run the disassembler proof of the x86 emitter";

    /// <summary>Disassembles <paramref name="code"/> as 64-bit code placed at <paramref name="origin"/>.</summary>
    public static IReadOnlyList<DisassembledInstruction> Disassemble(byte[] code, ulong origin = 0)
    {
        string objdump = Path ?? throw new InvalidOperationException(MissingReason);
        string file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rcuvisor-x86-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(file, code);
        try
        {
            // --insn-width=16 keeps every instruction's bytes on one line (movabs is 10 bytes).
            var start = new ProcessStartInfo(objdump)
            {
                ArgumentList = { "-D", "-b", "binary", "-m", "i386:x86-64", "-M", "intel", "--insn-width=16",
                                 $"--adjust-vma=0x{origin:x}", file },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("objdump did not start");
            // Read both pipes while waiting, so a full pipe cannot stall the child.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"objdump did not finish in {Timeout.TotalSeconds} s");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"objdump exited {process.ExitCode}: {stderr.Result}");
            return Parse(stdout.Result);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static List<DisassembledInstruction> Parse(string output)
    {
        var instructions = new List<DisassembledInstruction>();
        foreach (string line in output.Split('\n'))
        {
            var match = InstructionLine().Match(line);
            if (!match.Success)
                continue;
            ulong address = ulong.Parse(match.Groups["address"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            byte[] bytes = Convert.FromHexString(match.Groups["bytes"].Value.Replace(" ", "", StringComparison.Ordinal));
            string text = Spaces().Replace(match.Groups["text"].Value.Trim(), " ");
            int split = text.IndexOf(' ', StringComparison.Ordinal);
            // "(bad)" and prefixes-only lines keep their text as the mnemonic, so a test sees them.
            instructions.Add(split < 0
                ? new DisassembledInstruction(address, bytes, text, "")
                : new DisassembledInstruction(address, bytes, text[..split], text[(split + 1)..]));
        }
        return instructions;
    }

    private static string? Find()
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
        {
            if (directory.Length == 0)
                continue;
            string candidate = System.IO.Path.Combine(directory, "objdump");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    [GeneratedRegex(@"^\s*(?<address>[0-9a-f]+):\t(?<bytes>[0-9a-f]{2}(?: [0-9a-f]{2})*)\s*\t(?<text>.*)$")]
    private static partial Regex InstructionLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
