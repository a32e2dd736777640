using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Rcuvisor.Cli.Tests;

/// <summary>
/// The JSON documents keep the promises their schemas in docs/schemas make: run --json,
/// torture --json and soak --json here, bench's results.json in <see cref="BenchCommandTests"/>
/// (its run is long).
/// </summary>
public sealed class JsonDocumentTests
{
    [Theory]
    [InlineData("cached-move")]
    [InlineData("radix")]
    public async Task Run_json_is_valid_against_its_schema_and_names_the_table_one_way(string table)
    {
        var run = await CliRun.InvokeAsync("run", "--json", "--backend", "sim", "--table", table, "--vcpus", "2", "--hotplug-to", "4", "--unplug", "1", "--seconds", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        SchemaCheck.AssertValid("run", run.Output);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(table, root.GetProperty("table").GetString());
        Assert.Equal(table, root.GetProperty("stats").GetProperty("table").GetString()); // not "radix-tree" beside "radix"
        Assert.Equal(1024, root.GetProperty("maxVcpus").GetInt32());
        var guest = root.GetProperty("guest");
        Assert.Equal("doorbell", guest.GetProperty("kind").GetString());
        Assert.Equal(1000, guest.GetProperty("workIterations").GetInt32());
        Assert.Equal([0, 1, 2, 3], guest.GetProperty("targets").EnumerateArray().Select(t => t.GetInt32()));
        // One name, one thing: the per-vCPU doorbell count is not called what the VM's total is called.
        var stats = root.GetProperty("stats");
        var vcpus = stats.GetProperty("vcpus");
        Assert.False(vcpus.TryGetProperty("interruptsSent", out _));
        Assert.Equal(
            stats.GetProperty("interruptsSent").GetInt64(),
            vcpus.GetProperty("doorbellsSent").GetInt64() + vcpus.GetProperty("doorbellsToUnplugged").GetInt64() + stats.GetProperty("irqSignals").GetInt64());
    }

    [Fact]
    public async Task Torture_json_is_one_document_valid_against_its_schema()
    {
        var run = await CliRun.InvokeAsync("torture", "--json", "--domain", "all", "--seconds", "1", "--readers", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("", run.Error);
        SchemaCheck.AssertValid("torture", run.Output);
        using var json = JsonDocument.Parse(run.Output); // nothing but the document: no progress, no tables
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal(["rcu", "qsbr", "srcu"], root.GetProperty("domains").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.All(root.GetProperty("domains").EnumerateArray(), d => Assert.True(d.GetProperty("gracePeriods").GetInt64() > 0));
    }

    [Fact]
    public async Task Soak_json_is_valid_against_its_schema()
    {
        var run = await CliRun.InvokeAsync("soak", "--json", "--table", "fixed", "--seconds", "2", "--seed", "3", "--max-vcpus", "4");

        Assert.True(run.ExitCode == ExitCodes.Success, $"exit {run.ExitCode}: {run.Error}");
        SchemaCheck.AssertValid("soak", run.Output);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(3, json.RootElement.GetProperty("seed").GetInt32());

        Assert.NotEmpty(SchemaCheck.Errors("soak", Mutate(run.Output, d => d.AsObject().Remove("schemaVersion"))));
        Assert.NotEmpty(SchemaCheck.Errors("soak", Mutate(run.Output, d => d["tables"]![0]!["operations"]!["destroy"] = 1)));
    }

    [Fact]
    public void Soak_and_run_describe_the_vm_stats_with_one_schema()
    {
        // soak.schema.json carries a copy of run's stats object (a schema file cannot $ref
        // another without an $id both sides resolve); the copy must not drift.
        var run = JsonNode.Parse(File.ReadAllText(SchemaCheck.PathOf("run")))!["properties"]!["stats"]!;
        var soak = JsonNode.Parse(File.ReadAllText(SchemaCheck.PathOf("soak")))!["$defs"]!["stats"]!;
        Assert.True(JsonNode.DeepEquals(run, soak), "docs/schemas/soak.schema.json's $defs.stats differs from run.schema.json's properties.stats");
    }

    [Fact]
    public async Task The_schemas_refuse_what_they_do_not_describe()
    {
        // A schema that accepted anything would prove nothing: an old name, a table spelled
        // another way and a guest in prose must each fail.
        var run = await CliRun.InvokeAsync("run", "--json", "--backend", "sim", "--guest", "halt", "--vcpus", "1", "--hotplug-to", "1", "--seconds", "1");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        SchemaCheck.AssertValid("run", run.Output);

        Assert.NotEmpty(SchemaCheck.Errors("run", Mutate(run.Output, d => d["stats"]!["vcpus"]!["interruptsSent"] = 1)));
        Assert.NotEmpty(SchemaCheck.Errors("run", Mutate(run.Output, d => d["stats"]!["table"] = "CachedMove")));
        Assert.NotEmpty(SchemaCheck.Errors("run", Mutate(run.Output, d => d["guest"] = "halt")));
        Assert.NotEmpty(SchemaCheck.Errors("run", Mutate(run.Output, d => d.AsObject().Remove("schemaVersion"))));
    }

    private static string Mutate(string json, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(json)!;
        change(node);
        return node.ToJsonString();
    }
}
