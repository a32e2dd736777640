using System.Diagnostics;
using System.Text;

namespace Rcuvisor.Packaging.Tests;

/// <summary>
/// Runs the SDK (or an installed tool) as a child process with a clean environment: the
/// MSBuild variables <c>dotnet test</c> sets for its own build would otherwise steer the
/// child's, and build nodes must not outlive the test.
/// </summary>
internal static class Dotnet
{
    public static readonly string Executable =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static DotnetResult Run(
        string fileName, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase))
                start.Environment.Remove(name);
        }
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;

        var output = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output)
                output.AppendLine($"(killed after {limit.TotalSeconds:0} s)");
            return new DotnetResult(Describe(fileName, start.ArgumentList), -1, output.ToString(), clock.Elapsed);
        }
        process.WaitForExit(); // drains the redirected streams
        lock (output)
            return new DotnetResult(Describe(fileName, start.ArgumentList), process.ExitCode, output.ToString(), clock.Elapsed);
    }

    private static string Describe(string fileName, IEnumerable<string> args) => string.Join(' ', [fileName, .. args]);
}
