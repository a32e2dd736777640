using System.CommandLine;
using Xunit;

namespace Rcuvisor.Cli.Tests;

/// <summary>One in-process invocation of the rcuvisor command line, with what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            ProcessTerminationTimeout = null, // the test host owns Ctrl+C, not the command
        };
        int exitCode = await RcuvisorCli.InvokeAsync(args, configuration, TestContext.Current.CancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
