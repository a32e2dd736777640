using Rcuvisor.Bench;
using Xunit;

namespace Rcuvisor.Cli.Tests;

public sealed class LiburcuOutputTests
{
    private const string MembOutput = """
        cell=memb.empty_loop.readers0 run=0 ns_per_op=0.3387
        cell=memb.read_section.readers0 run=0 ns_per_op=0.8817
        cell=memb.synchronize.readers0 run=0 ns_per_op=2474.2094
        cell=memb.read_section.readers0 run=1 ns_per_op=0.9000
        cell=memb.synchronize.readers2 run=0 ns_per_op=3064.0255
        done=1
        """;

    [Fact]
    public void Each_cell_name_becomes_one_cell_named_as_ours_with_every_run()
    {
        var cells = LiburcuOutput.Parse(MembOutput, LiburcuBaseline.Memb);

        Assert.Equal(4, cells.Count);
        var read = Assert.Single(cells, c => c.Metric == GracePeriodFixture.ReadSection && c.Subject == LiburcuBaseline.Memb);
        Assert.Equal([0.8817, 0.9000], read.Repeats);
        Assert.Single(cells, c => c.Subject == LiburcuBaseline.EmptyLoopOf(LiburcuBaseline.Memb));
        Assert.Single(cells, c => c.Metric == GracePeriodFixture.Synchronize(0));
        Assert.Single(cells, c => c.Metric == GracePeriodFixture.Synchronize(2));
        Assert.All(cells, c => Assert.Equal(LiburcuBaseline.Section, c.Section));
    }

    [Fact]
    public void Busy_synchronize_and_readers_updater_lines_become_cells_with_their_units()
    {
        const string output = """
            cell=memb.synchronize_busy.readers2 run=0 ns_per_op=2735.0957
            cell=memb.readers_updater.readers2 run=0 reads_per_s=651605855.9 updates_per_s=3046.6
            cell=memb.readers_updater.readers2 run=1 reads_per_s=396165551.8 updates_per_s=9606.5
            done=1
            """;

        var cells = LiburcuOutput.Parse(output, LiburcuBaseline.Memb);

        Assert.Equal(3, cells.Count);
        Assert.Equal("ns/op", Assert.Single(cells, c => c.Metric == GracePeriodFixture.SynchronizeBusy(2)).Unit);
        var reads = Assert.Single(cells, c => c.Metric == ReadersUpdaterCells.Reads(2));
        Assert.Equal([651605855.9, 396165551.8], reads.Repeats);
        Assert.Equal(ReadersUpdaterCells.ReadsUnit, reads.Unit);
        var updates = Assert.Single(cells, c => c.Metric == ReadersUpdaterCells.Updates(2));
        Assert.Equal([3046.6, 9606.5], updates.Repeats);
        Assert.Equal(ReadersUpdaterCells.UpdatesUnit, updates.Unit);
    }

    [Fact]
    public void An_unknown_measurement_is_an_error_not_a_silent_gap()
    {
        Assert.Throws<FormatException>(() => LiburcuOutput.Parse("cell=memb.mystery.readers0 run=0 ns_per_op=1", LiburcuBaseline.Memb));
    }
}
