using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Rcuvisor.Models.Tests;

/// <summary>What one exhaustive pan run reported.</summary>
public sealed record SpinResult(int Errors, long StatesStored, int DepthReached, double ElapsedSeconds, string? Violation, string Output)
{
    public string Summary =>
        $"{StatesStored:N0} states stored, depth {DepthReached}, {ElapsedSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s, " +
        $"{Errors} error(s){(Violation is null ? "" : $": {Violation}")}";
}

/// <summary>
/// Runs spin -a, cc and pan in a fresh temporary directory (pan writes pan.c, the trail and
/// its tables next to the model), and parses pan's report.
/// </summary>
public static partial class SpinVerifier
{
    // pan's DFS stack depth: far above the deepest search measured (about 1,600 steps), so
    // a run never truncates; a truncation would print "max search depth too small".
    private const int MaxDepth = 200_000;
    private const int MemoryLimitMb = 2048; // pan stops (and says so) rather than eat a shared machine
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);

    public static string? MissingTool()
    {
        foreach (var tool in new[] { "spin", "cc" })
        {
            if (FindOnPath(tool) is null)
                return $"'{tool}' is not on PATH: install it (Debian/Ubuntu: apt-get install spin gcc) to model-check the protocols";
        }
        return null;
    }

    public static string ModelPath(string model) => Path.Combine(AppContext.BaseDirectory, "models", model);

    /// <param name="defines">-D macros for spin (model size, MUTANT_x, LIVENESS).</param>
    /// <param name="liveness">Check the model's LTL claim for acceptance cycles under weak fairness (pan -a -f), assertions off (-A) so only the claim can fail; otherwise a safety run (-DSAFETY: assertions and invalid end states).</param>
    /// <param name="hashBits">pan -w: 2^hashBits hash slots, zeroed at start, so pan's default (2^24, 128 MB) costs half a second per run.</param>
    public static SpinResult Verify(string model, IReadOnlyList<string> defines, bool liveness, int hashBits)
    {
        string dir = Path.Combine(Path.GetTempPath(), "rcuvisor-spin-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.Copy(ModelPath(model), Path.Combine(dir, model));
            var spinArgs = new List<string> { "-a" };
            spinArgs.AddRange(defines.Select(d => "-D" + d));
            if (liveness)
                spinArgs.Add("-DLIVENESS");
            spinArgs.Add(model);
            Run(dir, "spin", spinArgs);

            // -O0: measured here, cc -O2 costs 3-8 s per verifier and saves at most 1-2 s of
            // search (safety searches are memory-bound), so the whole project is faster unoptimised.
            var ccArgs = new List<string> { "-w", "-O0", $"-DMEMLIM={MemoryLimitMb}" };
            if (!liveness)
                ccArgs.Add("-DSAFETY");
            else
                ccArgs.Add("-DNFAIR=3"); // weak fairness over up to 7 processes (pan's default, 2, allows 6; cached_move has a Retirer since deferral)
            ccArgs.AddRange(["-o", "pan", "pan.c"]);
            Run(dir, "cc", ccArgs);

            var panArgs = new List<string> { $"-m{MaxDepth}", $"-w{hashBits}" };
            if (liveness)
                panArgs.AddRange(["-a", "-f", "-A"]);
            string output = Run(dir, Path.Combine(dir, "pan"), panArgs, acceptExitCodes: true);
            return Parse(output);
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temp directory is not worth failing a verified model over
            }
        }
    }

    internal static SpinResult Parse(string output)
    {
        // A result is only a proof if the search was exhaustive: neither the depth bound nor the memory bound cut it.
        if (output.Contains("max search depth too small", StringComparison.Ordinal))
            throw new InvalidOperationException("pan truncated the search (max search depth too small):\n" + output);
        if (output.Contains("MEMLIM", StringComparison.Ordinal) || output.Contains("out of memory", StringComparison.Ordinal))
            throw new InvalidOperationException($"pan ran out of its {MemoryLimitMb} MB: the search is incomplete:\n" + output);
        var errors = ErrorsPattern().Match(output);
        var states = StatesPattern().Match(output);
        var depth = DepthPattern().Match(output);
        var elapsed = ElapsedPattern().Match(output);
        if (!errors.Success || !states.Success || !depth.Success)
            throw new InvalidOperationException("pan's report was not recognised:\n" + output);
        // pan says this when it stops early; after an error that is expected, without one it is not.
        if (errors.Groups[1].Value == "0" && output.Contains("Search not completed", StringComparison.Ordinal))
            throw new InvalidOperationException("pan stopped before the search was complete:\n" + output);
        var violation = ViolationPattern().Match(output);
        return new SpinResult(
            int.Parse(errors.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(states.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(depth.Groups[1].Value, CultureInfo.InvariantCulture),
            elapsed.Success ? double.Parse(elapsed.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture) : 0,
            violation.Success ? violation.Groups[1].Value.Trim() : null,
            output);
    }

    private static string Run(string dir, string file, IReadOnlyList<string> args, bool acceptExitCodes = false)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        // Read both pipes while waiting: a child that fills a pipe nobody drains would hang.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(StepTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} ran longer than {StepTimeout}");
        }
        process.WaitForExit(); // the pipes are drained
        string output = stdout.Result + stderr.Result;
        if (process.ExitCode != 0 && !acceptExitCodes)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{output}");
        return output;
    }

    private static string? FindOnPath(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    [GeneratedRegex(@"errors: (\d+)")]
    private static partial Regex ErrorsPattern();

    [GeneratedRegex(@"(\d+) states, stored")]
    private static partial Regex StatesPattern();

    [GeneratedRegex(@"depth reached (\d+)")]
    private static partial Regex DepthPattern();

    [GeneratedRegex(@"pan: elapsed time ([\d.e+]+) seconds")]
    private static partial Regex ElapsedPattern();

    [GeneratedRegex(@"pan:1: (.*?)(\(at depth \d+\))")]
    private static partial Regex ViolationPattern();
}
