using System.Diagnostics;
using System.Text;

namespace Rcuvisor.Bench;

/// <summary>A child process run to completion (cc, pkg-config, the C baseline), with its output kept.</summary>
internal sealed record ExternalCommand(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Runs <paramref name="file"/>; kills it on cancellation or after <paramref name="timeout"/> (exit code -1).</summary>
    public static ExternalCommand Run(string file, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var error = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (error)
                    error.AppendLine(e.Data);
        };
        process.BeginErrorReadLine(); // stderr drains on its own, so a chatty child cannot block on a full pipe
        using var kill = cancellationToken.Register(() => Kill(process));
        // Read while waiting, not before: a child that hangs with stdout open must still time out.
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        if (!process.WaitForExit(timeout))
        {
            Kill(process);
            return new ExternalCommand(-1, "", $"{file} timed out after {timeout.TotalSeconds:0} s");
        }
        process.WaitForExit(); // flushes the asynchronous stderr reader
        cancellationToken.ThrowIfCancellationRequested();
        string text = output.GetAwaiter().GetResult(); // the child has exited: its stdout is at its end
        lock (error)
            return new ExternalCommand(process.ExitCode, text, error.ToString());
    }

    /// <summary>The full path of <paramref name="name"/> in the first PATH directory that has it, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }
}
