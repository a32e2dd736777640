using System.Text.Json;
using Xunit;

namespace Rcuvisor.Cli.Tests;

public sealed class SoakCommandTests
{
    [Theory]
    [InlineData("cached-move")]
    [InlineData("rcu-array")]
    [InlineData("radix")]
    [InlineData("fixed")]
    public async Task A_three_second_soak_passes_every_audit_on_each_table(string table)
    {
        var run = await CliRun.InvokeAsync("soak", "--table", table, "--seconds", "3", "--seed", "7", "--max-vcpus", "8", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, $"exit {run.ExitCode}: {run.Error}");
        SchemaCheck.AssertValid("soak", run.Output);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.True(root.GetProperty("passed").GetBoolean());
        var soak = Assert.Single(root.GetProperty("tables").EnumerateArray());
        Assert.Equal(table, soak.GetProperty("table").GetString());
        int audits = soak.GetProperty("auditsPassed").GetInt32();
        var operations = soak.GetProperty("operations");
        Assert.True(audits > 0, "no audit passed");
        Assert.Equal(operations.GetProperty("pause").GetInt64() + 1, audits); // one at every pause, and the final one
        Assert.True(operations.GetProperty("plug").GetInt64() > 0, "nothing was plugged");
        Assert.True(operations.GetProperty("unplug").GetInt64() > 0, "nothing was unplugged");
        Assert.True(soak.GetProperty("interruptsDelivered").GetInt64() > 0, "nothing was delivered");
        Assert.Equal(JsonValueKind.Null, soak.GetProperty("failure").ValueKind);
        TestContext.Current.SendDiagnosticMessage($"soak {table}: {soak.GetProperty("steps").GetInt64()} steps, {audits} audits");
    }

    [Fact]
    public async Task Without_a_seed_a_random_one_is_printed_first_with_how_to_rerun_it_and_all_tables_are_soaked()
    {
        var run = await CliRun.InvokeAsync("soak", "--seconds", "2", "--max-vcpus", "4");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        string first = run.Output.Split('\n')[0];
        var seed = System.Text.RegularExpressions.Regex.Match(first, @"^soak: seed (\d+) \(rerun with --seed (\d+)\)");
        Assert.True(seed.Success, first);
        Assert.Equal(seed.Groups[1].Value, seed.Groups[2].Value);
        foreach (string table in new[] { "cached-move", "rcu-array", "radix", "fixed" })
            Assert.Contains($"soak {table}: PASS", run.Output);
        Assert.Contains("audits passed", run.Output);
        Assert.Contains("irq-storm", run.Output);
        Assert.DoesNotContain("\u001b[", run.Output); // plain progress: no terminal here
    }

    [Fact]
    public async Task Help_says_what_the_seed_reproduces_and_what_it_cannot()
    {
        var run = await CliRun.InvokeAsync("soak", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (string text in new[] { "--seed", "--seconds", "--table", "--max-vcpus", "--json", "timing", "audited" })
            Assert.Contains(text, run.Output);
    }

    [Theory]
    [InlineData(new[] { "--seconds", "0" }, "--seconds 0 is out of range: allowed 1 to 86400")]
    [InlineData(new[] { "--max-vcpus", "257" }, "--max-vcpus 257 is out of range: allowed 1 to 256")]
    [InlineData(new[] { "--max-vcpus", "0" }, "--max-vcpus 0 is out of range: allowed 1 to 256")]
    [InlineData(new[] { "--table", "hash" }, "--table 'hash' is not allowed: expected one of cached-move, rcu-array, radix, fixed, all")]
    [InlineData(new[] { "--seed", "-1" }, "--seed -1 is out of range: allowed 0 to 2147483647")]
    [InlineData(new[] { "--seed", "many" }, "--seed 'many' is not a whole number: allowed 0 to 2147483647")]
    public async Task Bad_arguments_exit_2_and_name_the_value_and_the_limit(string[] args, string message)
    {
        var run = await CliRun.InvokeAsync(["soak", .. args]);

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Equal("", run.Output); // nothing ran
    }
}
