using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>
/// The six execution-path cells of one table (Get, GetById, Enumerate through its own
/// view and through a foreign guard), timed by loops compiled for <typeparamref name="TSite"/> alone.
/// </summary>
internal static class StrategyReadCells<TSite> where TSite : struct
{
    public static IEnumerable<TimedCell> For(VcpuTable<BenchVcpu> table, OwnView<BenchVcpu> own, int members)
    {
        int mask = members - 1;
        string ownSubject = TableReadFixture.Subject(table.Strategy, TableReadFixture.Own);
        string foreignSubject = TableReadFixture.Subject(table.Strategy, TableReadFixture.Foreign);
        return
        [
            Cell(TableReadFixture.Get, ownSubject, members, n => TableReadLoops.OwnGet<TSite>(own, mask, n)),
            Cell(TableReadFixture.GetById, ownSubject, members, n => TableReadLoops.OwnGetById<TSite>(own, mask, n)),
            Cell(TableReadFixture.Enumerate, ownSubject, members, n => TableReadLoops.OwnEnumerate<TSite>(own, n)),
            Cell(TableReadFixture.Get, foreignSubject, members, n => TableReadLoops.ForeignGet<TSite>(table, mask, n)),
            Cell(TableReadFixture.GetById, foreignSubject, members, n => TableReadLoops.ForeignGetById<TSite>(table, mask, n)),
            Cell(TableReadFixture.Enumerate, foreignSubject, members, n => TableReadLoops.ForeignEnumerate<TSite>(table, n)),
        ];
    }

    private static TimedCell Cell(string metric, string subject, int members, Func<long, long> run) =>
        new(TableReadFixture.Section, metric, subject, members, run, WarmUpGroup: subject[..subject.IndexOf('/')]); // the strategy
}
