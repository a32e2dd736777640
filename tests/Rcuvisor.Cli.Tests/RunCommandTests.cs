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
        foreach (var row in new[] { "vCPUs live / plugged / unplugged", "interrupts sent", "delivered per second", "plug latency (CreateVcpu)", "unplug latency (DestroyVcpu)" })
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
        Assert.Equal(6, stats.GetProperty("plugLatency").GetProperty("count").GetInt32()); // 3 before the start, 3 plugged
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
    [InlineData(new[] { "--vcpus", "99999999999" }, "--vcpus 99999999999 is out of range: allowed 1 to 1048576")] // past int: the same words, not a .NET type
    [InlineData(new[] { "--vcpus", "-99999999999" }, "--vcpus -99999999999 is out of range: allowed 1 to 1048576")]
    [InlineData(new[] { "--vcpus", "four" }, "--vcpus 'four' is not a whole number: allowed 1 to 1048576")]
    [InlineData(new[] { "--seconds", "1.5" }, "--seconds '1.5' is not a whole number: allowed 1 to 86400")]
    [InlineData(new[] { "--rings", "-1" }, "--rings -1 is out of range: allowed 0 to 1000000000")]
    [InlineData(new[] { "--hotplug-to", "99999999999" }, "--hotplug-to 99999999999 is out of range: allowed --vcpus to --max-vcpus")]
    public async Task Bad_arguments_exit_2_and_name_the_value_and_the_limit(string[] args, string message)
    {
        var run = await CliRun.InvokeAsync(["run", .. args]);

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Equal(2, run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length); // the message, then the hint
        Assert.DoesNotContain("System.Int32", run.Error);
        Assert.Equal("", run.Output); // nothing ran
    }

    [Fact]
    public async Task The_summary_rows_each_mean_one_thing_and_their_parts_add_up()
    {
        var run = await CliRun.InvokeAsync("run", "--backend", "sim", "--vcpus", "2", "--hotplug-to", "8", "--unplug", "3", "--seconds", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        // Growths: all of them, split into those before the start (counted, not timed) and those timed below.
        var growths = Row(run.Output, @"table growths \(all; only those while running are timed\)\s*│\s*(\d+) \((\d+) before the start, (\d+) while running\)");
        Assert.Equal(long.Parse(growths[1]), long.Parse(growths[2]) + long.Parse(growths[3]));
        var timed = Row(run.Output, @"table growth latency \(Adds that grew while running\)\s*│\s*(?:n=(\d+)|none)");
        Assert.Equal(growths[3], timed[1].Length == 0 ? "0" : timed[1]);
        // Kicks: the total is the sum of its three kinds.
        var kicks = Row(run.Output, @"kicks = interrupted guest \+ woke blocked \+ already out\s*│\s*([\d,]+) = ([\d,]+) \+ ([\d,]+) \+ ([\d,]+)");
        Assert.Equal(Number(kicks[1]), Number(kicks[2]) + Number(kicks[3]) + Number(kicks[4]));
        // The doorbell guest rings ids not plugged in yet: said as what they are, apart from real guest I/O errors.
        Row(run.Output, @"doorbells at ids not \(yet\) plugged in \(absent target\)\s*│\s*[\d,]+");
        Row(run.Output, @"guest I/O to no device \(unknown port / unmapped MMIO\)\s*│\s*0 / 0");
        Assert.DoesNotContain("guest errors", run.Output);
    }

    [Fact]
    public async Task Long_lines_are_not_broken_when_the_output_is_not_a_terminal()
    {
        var run = await CliRun.InvokeAsync("run", "--backend", "sim", "--vcpus", "2", "--hotplug-to", "4", "--unplug", "1", "--seconds", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Output.Split(Environment.NewLine);
        // Each longer than the 80 (or 160) columns Spectre would wrap at, and each one whole line.
        Assert.Contains(lines, l => l.StartsWith("run: backend sim; table cached-move", StringComparison.Ordinal) && l.EndsWith("; 1 s", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("audit: PASS: ", StringComparison.Ordinal) && l.EndsWith("every vCPU's view is the table's current one", StringComparison.Ordinal));
    }

    private static string[] Row(string output, string pattern)
    {
        var match = System.Text.RegularExpressions.Regex.Match(output, pattern);
        Assert.True(match.Success, $"no row matching {pattern} in:{Environment.NewLine}{output}");
        return [.. match.Groups.Values.Select(g => g.Value)];
    }

    private static long Number(string text) => long.Parse(text, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Kvm_where_dev_kvm_does_not_open_exits_2_saying_why_and_suggesting_sim()
    {
        Assert.SkipWhen(KvmHost.Opens, KvmHost.NeedsNoKvm);

        var run = await CliRun.InvokeAsync("run", "--backend", "kvm", "--seconds", "1");

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains("--backend kvm", run.Error);
        Assert.Contains("/dev/kvm", run.Error);
        Assert.Contains(KvmHost.Probe.Reason, run.Error);
        Assert.Contains("--backend sim", run.Error);
        Assert.Equal("", run.Output); // nothing ran
    }

    [Fact]
    public async Task Auto_picks_the_simulated_cpu_where_kvm_does_not_open_and_says_why()
    {
        Assert.SkipWhen(KvmHost.Opens, KvmHost.NeedsNoKvm);

        var run = await CliRun.InvokeAsync("run", "--backend", "auto", "--guest", "halt", "--vcpus", "1", "--hotplug-to", "1", "--seconds", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("backend sim (auto: KVM does not open: ", run.Output);
        Assert.Contains(KvmHost.Probe.Reason, run.Output);
        Assert.Contains("on sim: PASS", run.Output);
    }

    [Fact]
    public async Task Auto_picks_kvm_where_it_opens()
    {
        Assert.SkipUnless(KvmHost.Opens, KvmHost.NeedsKvm);

        var run = await CliRun.InvokeAsync("run", "--backend", "auto", "--guest", "halt", "--vcpus", "1", "--hotplug-to", "1", "--seconds", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("backend kvm (auto: ", run.Output);
    }

    [Theory]
    [InlineData("cached-move")]
    [InlineData("rcu-array")]
    [InlineData("radix")]
    [InlineData("fixed")]
    public async Task On_kvm_a_run_with_hotplug_and_unplug_passes_its_audit(string table)
    {
        Assert.SkipUnless(KvmHost.Opens, KvmHost.NeedsKvm);

        var run = await CliRun.InvokeAsync("run", "--backend", "kvm", "--table", table, "--vcpus", "2", "--hotplug-to", "4", "--unplug", "1", "--seconds", "2");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains($"run {table} on kvm: PASS", run.Output);
        Assert.Contains("audit: PASS", run.Output);
        Assert.Contains("3 / 4 / 1", run.Output); // live / created / unplugged
    }

    [Fact]
    public async Task On_kvm_max_vcpus_above_the_host_limit_exits_2_naming_both()
    {
        Assert.SkipUnless(KvmHost.Opens, KvmHost.NeedsKvm);
        int limit = KvmHost.Probe.Facts!.MaxVcpus;
        Assert.SkipWhen(limit >= 1_048_576, $"the host's limit ({limit}) is at --max-vcpus' own bound");

        var run = await CliRun.InvokeAsync("run", "--backend", "kvm", "--max-vcpus", $"{limit + 1}", "--vcpus", "1", "--hotplug-to", "1");

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains($"--max-vcpus {limit + 1}", run.Error);
        Assert.Contains($"{limit}", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Help_describes_every_option_and_the_exit_codes()
    {
        var run = await CliRun.InvokeAsync("run", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var option in new[] { "--backend", "--table", "--max-vcpus", "--vcpus", "--hotplug-to", "--unplug", "--irq-lines", "--guest", "--work", "--seconds", "--json" })
            Assert.Contains(option, run.Output);
        Assert.Contains("Exit code 0", run.Output);
        Assert.Contains("kvm", run.Output);
        Assert.Contains("/dev/kvm", run.Output);
        Assert.Contains("~1 µs", run.Output); // what --work costs on kvm_pvm
        Assert.Contains("dotnet-counters monitor --counters Rcuvisor", run.Output); // how to watch the meter live
    }
}
