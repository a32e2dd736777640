using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace Rcuvisor.Cli.Tests;

/// <summary>
/// The bench command end to end on its tiny matrix: the report's structure and that every
/// number is a real measurement (finite, positive). Never the values: timings are the
/// machine's business, not the test's.
/// </summary>
public sealed partial class BenchCommandTests
{
    [Fact]
    public async Task A_tiny_run_writes_a_report_with_every_section_its_charts_and_results_json()
    {
        var directory = Directory.CreateTempSubdirectory("rcuvisor-bench-test-");
        try
        {
            var run = await CliRun.InvokeAsync("bench", "--cells", "tiny", "--out", directory.FullName);

            Assert.Equal(ExitCodes.Success, run.ExitCode);
            Assert.Equal("", run.Error);
            Assert.Contains("report: ", run.Output);
            Assert.DoesNotContain("\u001b[", run.Output); // plain lines, not a redrawn bar, when redirected
            AssertReportStructure(directory.FullName);
            AssertResultsAreMeasurements(Path.Combine(directory.FullName, "results.json"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Backend_kvm_where_dev_kvm_does_not_open_exits_2_saying_why()
    {
        Assert.SkipWhen(KvmHost.Opens, KvmHost.NeedsNoKvm);

        var run = await CliRun.InvokeAsync("bench", "--backend", "kvm");

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains("--backend kvm", run.Error);
        Assert.Contains("/dev/kvm", run.Error);
        Assert.Contains(KvmHost.Probe.Reason, run.Error);
        Assert.Contains("--backend sim", run.Error);
        Assert.Equal("", run.Output); // nothing ran
    }

    [Theory]
    [InlineData("--backend", "bogus")]
    [InlineData("--cells", "huge")]
    [InlineData("--out", "")]
    public async Task A_bad_value_exits_2_naming_it(string option, string value)
    {
        var run = await CliRun.InvokeAsync("bench", option, value);

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains($"{option} '{value}'", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task An_output_path_that_is_a_file_exits_2_naming_it()
    {
        string file = Path.GetTempFileName();
        try
        {
            var run = await CliRun.InvokeAsync("bench", "--out", file);

            Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
            Assert.Contains(file, run.Error);
            Assert.Contains("is a file", run.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Help_lists_the_public_options_and_hides_the_test_matrix()
    {
        var run = await CliRun.InvokeAsync("bench", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var option in new[] { "--quick", "--out", "--backend", "<auto|kvm|sim>" })
            Assert.Contains(option, run.Output);
        Assert.DoesNotContain("--cells", run.Output);
        Assert.Contains("/dev/kvm", run.Output);
    }

    private static void AssertReportStructure(string directory)
    {
        string report = File.ReadAllText(Path.Combine(directory, "report.md"));
        // The targets table comes first: right after the title, before the verdict.
        Assert.True(report.IndexOf("## Targets", StringComparison.Ordinal) is > 0 and var targets
            && targets < report.IndexOf("## Verdict", StringComparison.Ordinal), "report.md opens with its targets table, before the verdict");
        foreach (var heading in new[]
                 {
                     "## Verdict", "## Execution path", "## End to end", "## Slow path", "### 64 halted vCPUs", "### 8 busy vCPUs",
                     "### growing from 2 to 16 vCPUs under doorbells",
                     "## Memory", "## Grace periods", "### Read-section cost", "### Synchronize latency", "### Defer throughput",
                     "## Not measured yet",
                 })
            Assert.Contains(heading, report);
        foreach (var verdict in new[] { "**Machine**", "**Targets**", "**Execution path, vCPU thread**", "**End to end**", "**Slow path**", "**Memory**", "**Grace periods**", "**Not measured yet**" })
            Assert.Contains(verdict, report);
        Assert.Contains("Every run's audit passed", report);
        // auto: the VM sections ran on kvm where it opens, else on sim, and the report says which.
        string backend = KvmHost.Opens ? "kvm" : "sim";
        Assert.Contains($"Backend: {backend}.", report);
        Assert.Contains(KvmHost.Opens ? "end to end and slow path on the simulated CPU" : "end to end and slow path on KVM", report);
        var images = ImageLink().Matches(report).Select(m => m.Groups["file"].Value).ToArray();
        Assert.True(images.Length >= 4, $"expected at least 4 charts, found {images.Length}");
        foreach (var image in images)
        {
            Assert.EndsWith(".svg", image);
            string path = Path.Combine(directory, image);
            Assert.True(File.Exists(path), $"report.md embeds {image}, which was not written");
            Assert.StartsWith("<?xml", File.ReadAllText(path).TrimStart());
        }
    }

    private static void AssertResultsAreMeasurements(string path)
    {
        string text = File.ReadAllText(path);
        SchemaCheck.AssertValid("bench-results", text);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
        var cells = json.RootElement.GetProperty("cells").EnumerateArray().ToArray();
        var sections = cells.Select(c => c.GetProperty("section").GetString()).Distinct().ToArray();
        foreach (var section in new[] { "execution-path", "memory", "grace-periods", "kick" })
            Assert.Contains(section, sections);
        // Every VM cell names the backend that ran it (the one the run resolved to), and the VM: its maxVcpus and guest.
        string backend = json.RootElement.GetProperty("backend").GetString()!;
        Assert.Equal(KvmHost.Opens ? "kvm" : "sim", backend);
        var vmCells = cells.Where(c => c.GetProperty("section").GetString() is "end-to-end" or "slow-path" or "kick").ToArray();
        Assert.NotEmpty(vmCells);
        Assert.All(vmCells, c => Assert.Equal(backend, c.GetProperty("backend").GetString()));
        Assert.All(vmCells, c => Assert.True(c.GetProperty("vm").GetProperty("maxVcpus").GetInt32() >= c.GetProperty("size").GetInt32()));
        Assert.All(cells.Where(c => c.GetProperty("section").GetString() == "memory"), c => Assert.False(c.TryGetProperty("backend", out _)));
        // Strategies are spelled as --table spells them, in every section.
        Assert.Contains(cells, c => c.GetProperty("subject").GetString() == "cached-move/own");
        Assert.DoesNotContain(cells, c => c.GetProperty("subject").GetString()!.Contains("CachedMove", StringComparison.Ordinal));
        foreach (var cell in cells.Where(c => c.GetProperty("unit").GetString() == "ns/op"))
            Assert.True(cell.GetProperty("repeats").GetArrayLength() >= 5, "every timed cell is repeated at least 5 times");
        // The measured figures: the repeats and what is derived from them (a VM's guest or a size may well be 0).
        int numbers = 0;
        foreach (var cell in cells)
        {
            foreach (double number in new[] { "repeats", "median", "min", "max" }.SelectMany(p => Numbers(cell.GetProperty(p))))
            {
                Assert.True(double.IsFinite(number) && number > 0, $"results.json holds {number}: every measured number must be finite and positive");
                numbers++;
            }
        }
        Assert.True(numbers > 100, $"only {numbers} numbers in results.json");
        // Issue 12's scale run: every strategy grew to the top under doorbells and passed its audit.
        var notes = json.RootElement.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("text").GetString()!).ToArray();
        foreach (var strategy in new[] { "fixed", "rcu-array", "radix", "cached-move" })
        {
            Assert.Contains(cells, c => c.GetProperty("metric").GetString() == "scale: time to plug them all" && c.GetProperty("subject").GetString() == strategy);
            Assert.Contains(notes, n => n.StartsWith($"{strategy}, 2 to 16 vCPUs under doorbells: 14 hot plugs", StringComparison.Ordinal) && n.EndsWith("audit passed", StringComparison.Ordinal));
        }
        AssertTargets(json.RootElement.GetProperty("targets"));
    }

    /// <summary>Issues 11 and 12's rows, each present once; a measured row says whether it met its target.</summary>
    private static void AssertTargets(JsonElement targets)
    {
        var rows = targets.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t);
        foreach (var name in TargetRows)
            Assert.True(rows.ContainsKey(name), $"results.json's targets lack the row '{name}'");
        foreach (var (name, row) in rows)
        {
            var measured = row.GetProperty("measured");
            var met = row.GetProperty("met");
            if (measured.ValueKind == JsonValueKind.Number)
                Assert.True(met.ValueKind is JsonValueKind.True or JsonValueKind.False, $"target '{name}' is measured, so met must be true or false");
            else
                Assert.Equal(JsonValueKind.Null, met.ValueKind);
            Assert.True(double.IsFinite(row.GetProperty("limit").GetDouble()) && row.GetProperty("limit").GetDouble() > 0, $"target '{name}' has no limit");
        }
        // Without liburcu the four ratio rows against it are null; every other row is measured by the tiny run itself.
        foreach (var name in TargetRows.Where(n => !n.Contains("liburcu", StringComparison.Ordinal)))
            Assert.Equal(JsonValueKind.Number, rows[name].GetProperty("measured").ValueKind);
    }

    private static readonly string[] TargetRows =
    [
        "RcuDomain read section ÷ liburcu memb",
        "QsbrDomain QuiescentState (thread reader) ÷ liburcu qsbr quiescent_state",
        "SrcuDomain read section",
        "SrcuDomain read section ÷ RcuDomain read section",
        "fixed own view ÷ array",
        "cached-move own view ÷ array",
        "fixed own view Enumerate alone ÷ array walk",
        "cached-move own view Enumerate alone ÷ array walk",
        "rcu-array own view ÷ array",
        "radix own view ÷ array",
        "cached-move foreign Get (guard + Get) ÷ array Get",
        "RcuDomain readers + updater, reads/s ÷ liburcu memb",
        "RcuDomain readers + updater, updates/s ÷ liburcu memb",
        "QsbrDomain readers + updater, reads/s ÷ liburcu qsbr",
        "QsbrDomain readers + updater, updates/s ÷ liburcu qsbr",
        "RcuDomain Synchronize with busy readers ÷ liburcu memb",
        "CreateVcpu p99, 8 busy vCPUs, cached-move",
        "CreateVcpu p99, 8 busy vCPUs, rcu-array",
        "CreateVcpu p99, 8 busy vCPUs, radix",
        "CreateVcpu p99, 8 busy vCPUs, fixed",
        "cached-move table Add that grew p99, 8 busy vCPUs",
        "DestroyVcpu p99, 8 busy vCPUs, worst strategy",
        "CreateVcpu and DestroyVcpu p99, 64 halted vCPUs, worst of all",
        "CreateVcpu p99, rcuvisor run defaults (median run)",
    ];

    private static IEnumerable<double> Numbers(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => [element.GetDouble()],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Numbers),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Numbers(p.Value)),
        _ => [],
    };

    [GeneratedRegex(@"!\[[^\]]*\]\((?<file>[^)]+)\)")]
    private static partial Regex ImageLink();
}
