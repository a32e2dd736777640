using Rcuvisor.Rcu;

namespace Rcuvisor.Bench;

/// <summary>
/// The grace-period cells: read-section cost per domain (with the empty loop as baseline),
/// Synchronize latency with no other reader, with idle registered readers and with busy
/// ones (gated: they run only while their own cell is timed), and Defer throughput. Each kind of cell has domains of its own: a thread registered for QSBR
/// read sections would block that domain's grace periods. Create, time and dispose on one thread.
/// </summary>
internal sealed class GracePeriodFixture : IDisposable
{
    public const string Section = "grace-periods";
    public const string EmptyLoop = "empty loop";
    public const string ReadSection = "ReadSection";
    public const string QuiescentState = "QuiescentState";
    public const string Defer = "Defer";
    public const string Rcu = "RcuDomain";
    public const string RcuThreadReader = "RcuDomain thread reader"; // RcuDomain.ThreadReader(): the slot found once
    public const string Qsbr = "QsbrDomain";
    public const string QsbrThreadReader = "QsbrDomain thread reader"; // QsbrThread.Reader(): the owner checked once
    public const string Srcu = "SrcuDomain";
    public const string SrcuToken = "SrcuDomain token"; // ReadLock/ReadUnlock; "SrcuDomain" is the one-thread Read() scope

    private readonly BenchMatrix _matrix;
    private readonly List<IDisposable> _owned = []; // disposed in reverse: readers and threads before their domains
    private readonly RcuDomain _readRcu;
    private readonly SrcuDomain _readSrcu;
    private readonly QsbrThread _readQsbrThread;

    public GracePeriodFixture(BenchMatrix matrix)
    {
        _matrix = matrix;
        _readRcu = Own(new RcuDomain(Named("bench-read-rcu")));
        _readSrcu = Own(new SrcuDomain(Named("bench-read-srcu")));
        _readQsbrThread = Own(Own(new QsbrDomain(Named("bench-read-qsbr"))).Register());
        using (_readRcu.Read())
        {
            // registers this thread's RCU slot, so the loop measures the steady state
        }
    }

    /// <summary>Metric name of a Synchronize cell.</summary>
    public static string Synchronize(int idleReaders) =>
        idleReaders == 0 ? "Synchronize, no other reader" : $"Synchronize, {idleReaders} idle readers";

    /// <summary>Metric name of a Synchronize cell whose readers run read sections back to back.</summary>
    public static string SynchronizeBusy(int busyReaders) => $"Synchronize, {busyReaders} busy readers";

    public static int CellCount => 8 + 3 * 3 + 3;

    public IReadOnlyList<TimedCell> Cells()
    {
        var cells = new List<TimedCell>
        {
            Cell(ReadSection, EmptyLoop, GracePeriodLoops.EmptyLoop),
            Cell(ReadSection, Rcu, n => GracePeriodLoops.RcuReadSection(_readRcu, n)),
            Cell(ReadSection, RcuThreadReader, n => GracePeriodLoops.RcuThreadReaderSection(_readRcu, n)),
            Cell(ReadSection, Srcu, n => GracePeriodLoops.SrcuReadSection(_readSrcu, n)),
            Cell(ReadSection, SrcuToken, n => GracePeriodLoops.SrcuTokenReadSection(_readSrcu, n)),
            Cell(ReadSection, Qsbr, GracePeriodLoops.QsbrReadSection),
            Cell(QuiescentState, Qsbr, n => GracePeriodLoops.QsbrQuiescentState(_readQsbrThread, n)),
            Cell(QuiescentState, QsbrThreadReader, n => GracePeriodLoops.QsbrThreadReaderQuiescentState(_readQsbrThread, n)),
        };
        foreach (int readers in new[] { 0, _matrix.IdleReaders })
        {
            var rcu = Own(new RcuDomain(Named($"bench-sync-rcu-{readers}")));
            var srcu = Own(new SrcuDomain(Named($"bench-sync-srcu-{readers}")));
            var qsbr = Own(new QsbrDomain(Named($"bench-sync-qsbr-{readers}")));
            Own(ReaderThreads.Idle(readers, () => RegisterIdle(rcu)));
            Own(ReaderThreads.Idle(readers, () => RegisterIdle(srcu)));
            Own(ReaderThreads.Idle(readers, () => RegisterIdle(qsbr)));
            cells.Add(Cell(Synchronize(readers), Rcu, n => GracePeriodLoops.Synchronize(rcu, n)));
            cells.Add(Cell(Synchronize(readers), Srcu, n => GracePeriodLoops.Synchronize(srcu, n)));
            cells.Add(Cell(Synchronize(readers), Qsbr, n => GracePeriodLoops.Synchronize(qsbr, n)));
        }
        cells.AddRange(BusyReaderCells(_matrix.BusyReaders));
        foreach (var domain in new GracePeriodDomain[]
                 {
                     Own(new RcuDomain(Named("bench-defer-rcu"))), Own(new SrcuDomain(Named("bench-defer-srcu"))),
                     Own(new QsbrDomain(Named("bench-defer-qsbr"))),
                 })
        {
            cells.Add(new TimedCell(Section, Defer, domain.GetType().Name, null,
                n => GracePeriodLoops.DeferAndWait(domain, _matrix.DeferBatch, n), _matrix.DeferBatch));
        }
        return cells;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
            _owned[i].Dispose();
    }

    /// <summary>Synchronize per domain while its own busy readers run; each cell lets its readers go only for its own runs.</summary>
    private IEnumerable<TimedCell> BusyReaderCells(int readers)
    {
        string metric = SynchronizeBusy(readers);
        var rcu = Own(new RcuDomain(Named("bench-busy-rcu")));
        var srcu = Own(new SrcuDomain(Named("bench-busy-srcu")));
        var qsbr = Own(new QsbrDomain(Named("bench-busy-qsbr")));
        var rcuReaders = Own(new GatedBusyReaders(readers, "bench-busy-rcu", () => BusyReaderOf(rcu)));
        var srcuReaders = Own(new GatedBusyReaders(readers, "bench-busy-srcu", () => BusyReaderOf(srcu)));
        var qsbrReaders = Own(new GatedBusyReaders(readers, "bench-busy-qsbr", () => BusyReaderOf(qsbr)));
        return
        [
            Gated(Cell(metric, Rcu, n => GracePeriodLoops.Synchronize(rcu, n)), rcuReaders),
            Gated(Cell(metric, Srcu, n => GracePeriodLoops.Synchronize(srcu, n)), srcuReaders),
            Gated(Cell(metric, Qsbr, n => GracePeriodLoops.Synchronize(qsbr, n)), qsbrReaders),
        ];
    }

    private static BusyReader BusyReaderOf(RcuDomain rcu)
    {
        RegisterIdle(rcu); // registered before the first timed run, not during it
        return BusyReader.Plain(() =>
        {
            using var _ = rcu.Read();
        });
    }

    private static BusyReader BusyReaderOf(SrcuDomain srcu) => BusyReader.Plain(() => srcu.ReadUnlock(srcu.ReadLock()));

    /// <summary>As SynchronizeBenchmarks' busy QSBR reader (and rcu_bench.c's): a quiescent state per loop.</summary>
    private static BusyReader BusyReaderOf(QsbrDomain qsbr)
    {
        var thread = qsbr.Register();
        return new BusyReader(thread.QuiescentState, thread.Offline, thread.Online, thread.Dispose);
    }

    private static TimedCell Gated(TimedCell cell, GatedBusyReaders readers) => cell with { Before = readers.Open, After = readers.Close };

    private static Action RegisterIdle(RcuDomain rcu)
    {
        using (rcu.Read())
        {
            // a first section registers the thread; it then idles outside any section
        }
        return () => { };
    }

    private static Action RegisterIdle(SrcuDomain srcu)
    {
        srcu.ReadUnlock(srcu.ReadLock()); // makes this thread's counters, which every grace period then sums
        return () => { };
    }

    private static Action RegisterIdle(QsbrDomain qsbr)
    {
        var thread = qsbr.Register();
        thread.Offline();
        return () =>
        {
            thread.Online();
            thread.Dispose();
        };
    }

    private static GracePeriodOptions Named(string name) => new() { Name = name };

    private static TimedCell Cell(string metric, string subject, Func<long, long> run) => new(Section, metric, subject, null, run);

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
