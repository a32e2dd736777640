using Rcuvisor.Bench;
using Rcuvisor.Tables;
using Xunit;

namespace Rcuvisor.Cli.Tests;

/// <summary>The targets' arithmetic on made-up cells: which cells a row divides, which way it is met, and a missing side.</summary>
public sealed class BenchTargetsTests
{
    private const string Grace = GracePeriodFixture.Section;

    [Fact]
    public void A_cost_ratio_divides_the_medians_of_the_run_and_is_met_at_the_limit()
    {
        var row = Row(Results(
            Cell(Grace, GracePeriodFixture.ReadSection, GracePeriodFixture.Rcu, 3.0),
            Cell(LiburcuBaseline.Section, GracePeriodFixture.ReadSection, LiburcuBaseline.Memb, 2.0)),
            "RcuDomain read section ÷ liburcu memb");

        Assert.Equal(1.5, row.Measured);
        Assert.True(row.Met); // ≤ 1.5x: the limit itself is met
        Assert.Equal("x", row.Unit);
    }

    [Fact]
    public void A_throughput_ratio_is_met_at_or_above_its_limit()
    {
        var results = Results(
            Cell(Grace, ReadersUpdaterCells.Reads(2), GracePeriodFixture.Rcu, 90.0, unit: ReadersUpdaterCells.ReadsUnit),
            Cell(LiburcuBaseline.Section, ReadersUpdaterCells.Reads(2), LiburcuBaseline.Memb, 100.0, unit: ReadersUpdaterCells.ReadsUnit),
            Cell(Grace, ReadersUpdaterCells.Updates(2), GracePeriodFixture.Rcu, 120.0, unit: ReadersUpdaterCells.UpdatesUnit),
            Cell(LiburcuBaseline.Section, ReadersUpdaterCells.Updates(2), LiburcuBaseline.Memb, 100.0, unit: ReadersUpdaterCells.UpdatesUnit));

        Assert.False(Row(results, "RcuDomain readers + updater, reads/s ÷ liburcu memb").Met);
        Assert.True(Row(results, "RcuDomain readers + updater, updates/s ÷ liburcu memb").Met);
    }

    [Fact]
    public void A_row_whose_cells_the_run_lacks_is_null_and_says_why()
    {
        var row = Row(Results(Cell(Grace, GracePeriodFixture.ReadSection, GracePeriodFixture.Rcu, 3.0)), "RcuDomain read section ÷ liburcu memb");

        Assert.Null(row.Measured);
        Assert.Null(row.Met);
        Assert.Contains("liburcu", row.Note);
    }

    [Fact]
    public void A_worst_of_row_takes_the_largest_p99_and_names_its_cell()
    {
        var scenario = SlowPathScenario.Busy;
        var cells = VcpuTableStrategyNames.All.Select((strategy, i) => Cell(SlowPathSection.Section,
            SlowPathSection.Metric(scenario, SlowPathSection.Unplug), strategy, 1.0 + i, scenario.Vcpus)).ToArray();

        var row = Row(Results(cells), "DestroyVcpu p99, 8 busy vCPUs, worst strategy");

        Assert.Equal(1.0 + VcpuTableStrategyNames.All.Count - 1, row.Measured);
        Assert.Contains(VcpuTableStrategyNames.All[^1], row.Note);
        Assert.True(row.Met); // 4 ms ≤ 5 ms
    }

    [Fact]
    public void Every_row_has_a_distinct_name()
    {
        var names = BenchTargets.Definitions.Select(d => d.Name).ToArray();
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    private static BenchTarget Row(BenchResults results, string name) => Assert.Single(BenchTargets.Evaluate(results), t => t.Name == name);

    private static CellResult Cell(string section, string metric, string subject, double value, int? size = null, string unit = "ns/op") =>
        new(section, metric, subject, size, unit, [value]);

    private static BenchResults Results(params CellResult[] cells) => new()
    {
        StartedAt = DateTimeOffset.UnixEpoch,
        ElapsedSeconds = 1,
        Matrix = "tiny",
        Repeats = 1,
        RunMilliseconds = 1,
        BackendRequested = "sim",
        Backend = "sim",
        Machine = new MachineInfo(2, "test", "test", "test", KvmPresent: false, Virtualised: false),
        Cells = cells,
        Notes = [],
        NotMeasured = [],
    };
}
