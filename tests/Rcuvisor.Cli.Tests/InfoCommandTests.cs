using System.Text.Json;
using Xunit;

namespace Rcuvisor.Cli.Tests;

/// <summary><c>rcuvisor info</c>: KVM's facts or the reason it does not open, exit 0 either way, as text and as JSON.</summary>
public sealed class InfoCommandTests
{
    [Fact]
    public async Task Info_exits_0_and_prints_the_facts_or_why_kvm_does_not_open()
    {
        var run = await CliRun.InvokeAsync("info");

        Assert.Equal(ExitCodes.Success, run.ExitCode); // no KVM is information, not an error
        Assert.Equal("", run.Error);
        if (KvmHost.Opens)
        {
            foreach (var row in new[] { "KVM: available", "API version", "vCPU mmap size", "max vCPUs", "max vCPU id", "capabilities", "module" })
                Assert.Contains(row, run.Output);
        }
        else
        {
            Assert.Contains("KVM: not available", run.Output);
            Assert.Contains(KvmHost.Probe.Reason, run.Output); // the probe's own words: absent, permission or API version
            Assert.Contains("/dev/kvm", run.Output);
        }
        foreach (var row in new[] { "Machine:", "cores", "runtime" })
            Assert.Contains(row, run.Output);
    }

    [Fact]
    public async Task Info_json_is_one_document_matching_the_probe()
    {
        var run = await CliRun.InvokeAsync("info", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var kvm = json.RootElement.GetProperty("kvm");
        Assert.Equal(KvmHost.Opens, kvm.GetProperty("isAvailable").GetBoolean());
        Assert.False(string.IsNullOrEmpty(kvm.GetProperty("reason").GetString()));
        if (KvmHost.Opens)
        {
            Assert.Equal("none", kvm.GetProperty("failure").GetString());
            Assert.Equal(12, kvm.GetProperty("facts").GetProperty("apiVersion").GetInt32());
            Assert.True(kvm.GetProperty("facts").GetProperty("maxVcpus").GetInt32() > 0);
        }
        else
        {
            Assert.Equal(JsonValueKind.Null, kvm.GetProperty("facts").ValueKind);
            Assert.NotEqual("none", kvm.GetProperty("failure").GetString());
        }
        Assert.Equal(Environment.ProcessorCount, json.RootElement.GetProperty("machine").GetProperty("cores").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("machine").GetProperty("runtime").GetString()));
    }

    [Fact]
    public async Task Help_says_what_info_reports_and_that_it_exits_0()
    {
        var run = await CliRun.InvokeAsync("info", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var text in new[] { "/dev/kvm", "kvm_pvm", "--json", "Exit code 0" })
            Assert.Contains(text, run.Output);
    }

    [Fact]
    public async Task The_root_help_lists_info()
    {
        var run = await CliRun.InvokeAsync("--help");

        Assert.Contains("info", run.Output);
    }
}
