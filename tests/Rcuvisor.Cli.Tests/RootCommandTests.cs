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
    public async Task An_unknown_command_exits_2_naming_it()
    {
        var run = await CliRun.InvokeAsync("tortoise");

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains("tortoise", run.Error);
    }
}
