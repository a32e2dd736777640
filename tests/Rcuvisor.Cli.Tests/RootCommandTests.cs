using Xunit;

namespace Rcuvisor.Cli.Tests;

public sealed class RootCommandTests
{
    [Fact]
    public async Task Help_lists_the_commands()
    {
        var run = await CliRun.InvokeAsync("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("torture", run.Output);
        Assert.Contains("Usage:", run.Output);
    }

    [Fact]
    public async Task No_command_exits_2_and_points_at_help()
    {
        var run = await CliRun.InvokeAsync();

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains("rcuvisor --help", run.Error);
    }

    [Fact]
    public async Task An_unknown_command_exits_2_with_one_error_naming_it_and_the_commands()
    {
        var run = await CliRun.InvokeAsync("tortoise");

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        // One mistake, one message (not "Required command was not provided." as well), then the hint.
        Assert.Equal(
            ["Unknown command 'tortoise': expected one of run, torture, bench, info, soak.", "Run 'rcuvisor --help' for usage."],
            run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
