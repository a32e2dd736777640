using Xunit;

namespace Rcuvisor.Cli.Tests;

public sealed class TortureCommandTests
{
    [Fact]
    public async Task A_short_run_of_every_domain_passes_and_prints_a_table_for_each()
    {
        var run = await CliRun.InvokeAsync("torture", "--domain", "all", "--seconds", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("", run.Error);
        foreach (var domain in new[] { "rcu", "qsbr", "srcu" })
            Assert.Contains($"torture {domain}: PASS", run.Output);
        foreach (var row in new[] { "grace periods", "reads/s", "pipe count 0", "pipe count 10+", "freed reads", "deferred frees", "violations" })
            Assert.Equal(3, CountTableRows(run.Output, row));
        Assert.DoesNotContain("FAIL", run.Output);
    }

    [Fact]
    public async Task Progress_without_a_terminal_is_plain_lines()
    {
        var run = await CliRun.InvokeAsync("torture", "--domain", "rcu", "--seconds", "1", "--readers", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("rcu: starting", run.Output);
        Assert.DoesNotContain("\u001b[", run.Output); // no ANSI cursor movement or colour in a log
    }

    [Theory]
    [InlineData("--readers", "0", "1 to 256")]
    [InlineData("--readers", "257", "1 to 256")]
    [InlineData("--seconds", "0", "1 to 86400")]
    [InlineData("--fake-writers", "-1", "0 to 64")]
    public async Task An_out_of_range_number_exits_2_naming_the_option_value_and_range(string option, string value, string range)
    {
        var run = await CliRun.InvokeAsync("torture", option, value);

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains($"{option} {value}", run.Error);
        Assert.Contains(range, run.Error);
        Assert.Equal("", run.Output); // nothing ran
    }

    [Fact]
    public async Task An_unknown_domain_exits_2_naming_it_and_the_choices()
    {
        var run = await CliRun.InvokeAsync("torture", "--domain", "bogus");

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains("'bogus'", run.Error);
        Assert.Contains("rcu, qsbr, srcu, all", run.Error);
    }

    [Fact]
    public async Task A_number_that_is_not_a_number_exits_2()
    {
        var run = await CliRun.InvokeAsync("torture", "--readers", "many");

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains("many", run.Error);
    }

    [Fact]
    public async Task Help_lists_every_option_with_its_description()
    {
        var run = await CliRun.InvokeAsync("torture", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var option in new[] { "--domain", "--seconds", "--readers", "--fake-writers", "--help" })
            Assert.Contains(option, run.Output);
        Assert.Contains("<all|qsbr|rcu|srcu>", run.Output);
        Assert.Contains("[default: all]", run.Output);
    }

    [Fact]
    public async Task Help_wins_over_a_bad_value()
    {
        var run = await CliRun.InvokeAsync("torture", "--readers", "0", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("--readers", run.Output);
    }

    /// <summary>Rows whose first cell is <paramref name="label"/>, whatever border characters the console chose.</summary>
    private static int CountTableRows(string text, string label) =>
        text.Split('\n').Count(line => line.TrimStart('│', '|', ' ').StartsWith(label + " ", StringComparison.Ordinal));
}
