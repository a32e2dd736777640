namespace Rcuvisor.Packaging.Tests;

/// <summary>What one <c>dotnet</c> invocation did: its exit code and its interleaved output.</summary>
internal sealed record DotnetResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>The command and its output, for assertion messages.</summary>
    public override string ToString() => $"$ {Command}\n(exit {ExitCode}, {Elapsed.TotalSeconds:0.0} s)\n{Output}";
}
