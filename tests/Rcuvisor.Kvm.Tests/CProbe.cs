using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Rcuvisor.Kvm.Tests;

/// <summary>
/// Writes a C program that prints each <see cref="AbiItem"/>'s C expression as the headers
/// of this machine evaluate it, compiles it with <c>cc</c>, runs it, and returns the values.
/// </summary>
internal static class CProbe
{
    public const string KvmHeader = "/usr/include/linux/kvm.h";

    /// <summary>Why the probe cannot run here (no cc, no kernel headers), or null when it can.</summary>
    public static string? MissingPrerequisite()
    {
        if (!File.Exists(KvmHeader))
        {
            return $"{KvmHeader} is missing (install linux-libc-dev)";
        }
        return FindOnPath("cc") is null ? "no C compiler `cc` on PATH (install gcc)" : null;
    }

    public static string Source(IEnumerable<AbiItem> items)
    {
        var c = new StringBuilder("""
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <stddef.h>
            #include <errno.h>
            #include <fcntl.h>
            #include <signal.h>
            #include <sys/mman.h>
            #include <sys/ioctl.h>
            #include <linux/kvm.h>

            int main(void) {

            """);
        foreach (AbiItem item in items)
        {
            c.Append(CultureInfo.InvariantCulture, $"    printf(\"%s=%llu\\n\", \"{item.CExpression}\", (unsigned long long)({item.CExpression}));\n");
        }
        c.Append("    return 0;\n}\n");
        return c.ToString();
    }

    /// <summary>Compiles and runs the probe; the map from C expression to value.</summary>
    public static Dictionary<string, ulong> Run(IEnumerable<AbiItem> items)
    {
        string dir = Directory.CreateTempSubdirectory("rcuvisor-kvm-abi-").FullName;
        try
        {
            string source = Path.Combine(dir, "abi.c");
            string exe = Path.Combine(dir, "abi");
            File.WriteAllText(source, Source(items));
            (int ccExit, string ccOutput) = Execute("cc", ["-Wall", "-o", exe, source]);
            Assert.True(ccExit == 0, $"cc failed ({ccExit}):\n{ccOutput}");
            (int exit, string output) = Execute(exe, []);
            Assert.True(exit == 0, $"the probe exited {exit}:\n{output}");
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => ulong.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (int Exit, string Output) Execute(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), $"{file} did not finish in 60 s");
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
