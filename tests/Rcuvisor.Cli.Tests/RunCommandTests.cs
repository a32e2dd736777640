using System.Text.Json;
using Xunit;

namespace Rcuvisor.Cli.Tests;

public sealed class RunCommandTests
{
    [Theory]
    [InlineData("cached-move")]
    [InlineData("rcu-array")]
    [InlineData("radix")]
    [InlineData("fixed")]
    public async Task A_short_run_with_hotplug_and_unplug_passes_its_audit_and_prints_the_summary(string table)
    {
        var run = await CliRun.InvokeAsync("run", "--table", table, "--vcpus", "2", "--hotplug-to", "8", "--unplug", "3", "--seconds", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains($"run {table} on sim: PASS", run.Output);
        Assert.Contains("audit: PASS", run.Output);
        Assert.Contains("run: starting", run.Output); // plain progress: no terminal here
        Assert.DoesNotContain("\u001b[", run.Output);
        foreach (var row in new[] { "vCPUs live / created / unplugged", "interrupts sent", "delivered per second", "CreateVcpu latency", "DestroyVcpu latency" })
            Assert.Contains(row, run.Output);
        Assert.Contains("5 / 8 / 3", run.Output); // live / created / unplugged
    }

    [Fact]
    public async Task Json_output_is_one_document_whose_books_balance()
    {
        var run = await CliRun.InvokeAsync("run", "--json", "--vcpus", "3", "--hotplug-to", "6", "--unplug", "2", "--irq-lines", "3", "--seconds", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        var stats = root.GetProperty("stats");
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal("cached-move", root.GetProperty("table").GetString());
        Assert.Equal("sim", root.GetProperty("backend").GetString());
        Assert.Equal(4, stats.GetProperty("liveVcpus").GetInt32());
        long sent = stats.GetProperty("interruptsSent").GetInt64();
        long delivered = stats.GetProperty("interruptsDelivered").GetInt64();
        long dropped = stats.GetProperty("interruptsDropped").GetInt64();
        long inFlight = stats.GetProperty("interruptsInFlight").GetInt64();
        Assert.True(delivered > 0, "nothing was delivered");
        Assert.Equal(sent, delivered + dropped + inFlight);
        Assert.Equal(delivered, root.GetProperty("guestCountedInterrupts").GetInt64());
        Assert.Equal(6, stats.GetProperty("createLatency").GetProperty("count").GetInt32()); // 3 before the start, 3 plugged
        Assert.True(root.GetProperty("deliveredPerSecond").GetDouble() > 0);
    }

    [Theory]
    [InlineData(new[] { "--vcpus", "0" }, "--vcpus 0 is out of range")]
    [InlineData(new[] { "--vcpus", "10", "--max-vcpus", "4" }, "--vcpus 10 is more than --max-vcpus 4")]
    [InlineData(new[] { "--vcpus", "4", "--hotplug-to", "2" }, "--hotplug-to 2 is out of range: allowed --vcpus 4 to --max-vcpus 1024")]
    [InlineData(new[] { "--hotplug-to", "8", "--unplug", "8" }, "--unplug 8 is out of range: allowed 0 to 7")]
    [InlineData(new[] { "--table", "hash" }, "--table 'hash' is not allowed: expected one of cached-move, rcu-array, radix, fixed")]
    [InlineData(new[] { "--guest", "linux" }, "--guest 'linux' is not allowed")]
    [InlineData(new[] { "--max-vcpus", "2000000" }, "--max-vcpus 2000000 is out of range: allowed 1 to 1048576")]
    [InlineData(new[] { "--backend", "kvm" }, "the KVM backend is not built yet")]
    public async Task Bad_arguments_exit_2_and_name_the_value_and_the_limit(string[] args, string message)
    {
        var run = await CliRun.InvokeAsync(["run", .. args]);

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Equal("", run.Output); // nothing ran
    }

    [Fact]
    public async Task Auto_picks_the_simulated_cpu_and_says_why()
    {
        var run = await CliRun.InvokeAsync("run", "--backend", "auto", "--guest", "halt", "--vcpus", "1", "--hotplug-to", "1", "--seconds", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("backend sim (auto: the KVM backend is not built yet", run.Output);
    }

    [Fact]
    public async Task Help_describes_every_option_and_the_exit_codes()
    {
        var run = await CliRun.InvokeAsync("run", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var option in new[] { "--backend", "--table", "--max-vcpus", "--vcpus", "--hotplug-to", "--unplug", "--irq-lines", "--guest", "--work", "--seconds", "--json" })
            Assert.Contains(option, run.Output);
        Assert.Contains("Exit code 0", run.Output);
    }
}
