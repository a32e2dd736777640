using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary>
/// Participants reading their peers through their own views, foreign readers through
/// guards, and one writer adding up to <see cref="Members"/> members (and removing
/// some, and, with <see cref="DrainTo"/>, then removing down to a few, which shrinks the
/// table). Every read must return null or a fully built member with the id asked for,
/// a reader's count must never go backwards except across a shrink, and no reader may
/// touch a retired state (with checked domains, a late reader gets RetiredObjectAccessException).
/// </summary>
public sealed class StressHarness(TableUnderTest table)
{
    public int Members { get; init; } = 4096;

    public int Participants { get; init; } = 2;

    public int ForeignReaders { get; init; } = 1;

    public int RemoveEvery { get; init; } = 64;

    /// <summary>
    /// After the adds, remove members in random order until the first this many added
    /// remain (the lowest indices: a live member at a high index would pin the table's
    /// size); negative: do not.
    /// </summary>
    public int DrainTo { get; init; } = -1;

    /// <summary>How often (in turns) a participant parks and resumes.</summary>
    public int ParkEvery { get; init; } = 256;

    /// <summary>A safety stop for a hung writer, not a measurement: nothing asserts on time.</summary>
    public TimeSpan WriterLimit { get; init; } = TimeSpan.FromSeconds(20);

    public StressReport Run(int seed)
    {
        var report = new StressReport();
        var stop = new CancellationTokenSource();
        var participants = Enumerable.Range(0, Participants)
            .Select(p => new ParticipantThread(table.Table.Attach(new TestParticipant(p)), ParticipantStep(report, seed + p)))
            .ToList();
        var foreign = Enumerable.Range(0, ForeignReaders)
            .Select(f => StartThread($"foreign-{f}", () => ForeignLoop(report, seed + 100 + f, stop.Token)))
            .ToList();
        try
        {
            Write(report, new Random(seed));
        }
        finally
        {
            // Poison every retired state while the readers still run: a reader still on
            // one (a broken protocol) now throws instead of reading stale data quietly.
            table.DrainRetired();
            foreach (var p in participants)
                p.WaitForTurns(2); // at least one full turn after the drain
            stop.Cancel();
            foreign.ForEach(t => t.Join());
            foreach (var p in participants)
            {
                p.Dispose();
                if (p.Failure is { } failure)
                    report.Violation($"participant {p.View.Participant.Id} died: {failure}");
                table.Table.Detach(p.View);
            }
        }
        return report;
    }

    private void Write(StressReport report, Random random)
    {
        var ids = Enumerable.Range(0, Members).ToArray();
        random.Shuffle(ids); // ids in random order: the id map grows, not only the index array
        var present = new List<int>();
        var deadline = DateTime.UtcNow + WriterLimit;
        foreach (int id in ids)
        {
            if (DateTime.UtcNow > deadline)
            {
                report.Violation($"writer stopped by its safety limit after {report.Added} adds");
                return;
            }
            table.Table.Add(new TestVcpu(id));
            present.Add(id);
            report.Added++;
            if (report.Added % RemoveEvery == 0)
            {
                int victim = present[random.Next(present.Count)];
                present.Remove(victim);
                table.Table.Remove(victim);
                report.Removed++;
            }
        }
        while (present.Count > DrainTo && DrainTo >= 0)
        {
            int victim = present[DrainTo + random.Next(present.Count - DrainTo)];
            present.Remove(victim);
            table.Table.Remove(victim);
            report.Removed++;
        }
    }

    // A count may fall only across a shrink: one begun (counted before its publish, so
    // visible after a count read from it) after `finishedBefore` was read, by which time no
    // shrink had finished that the previous count did not already reflect. `finishedBefore`
    // is Shrinks read before the state the previous count came from: a foreign reader reads
    // it before its guard; a participant before that turn's request check.
    private bool ShrankSince(long finishedBefore) => table.Table.ShrinksBegun > finishedBefore;

    private Action<OwnView<TestVcpu>> ParticipantStep(StressReport report, int seed)
    {
        var random = new Random(seed);
        int lastCount = 0;
        long turn = 0, finishedBefore = 0;
        long finishedBeforeThisTurnsMove = 0; // read at the end of the previous step, before this turn's ProcessPendingUpdate
        return view =>
        {
            try
            {
                // A cached view shows the state it last moved to, and a shrink is counted only
                // after every view was asked to move: so the count of this turn reflects every
                // shrink counted before this turn's request check, and a later fall needs a
                // shrink begun after that (Shrinks is read with acquire; the view then sees the request).
                int count = view.Count;
                if (count < lastCount && !ShrankSince(finishedBefore))
                    report.Violation($"own count went back from {lastCount} to {count}");
                lastCount = count;
                finishedBefore = finishedBeforeThisTurnsMove;
                for (int i = 0; i < 16; i++)
                {
                    int index = random.Next(count + 1);
                    Check(report, view.Get(index), -1, "own Get");
                    int id = random.Next(Members);
                    Check(report, view.GetById(id), id, "own GetById");
                }
                if (++turn % 32 == 0)
                {
                    int previous = -1;
                    foreach (var member in view)
                        previous = CheckEnumerated(report, member, previous, "own enumeration");
                }
                if (turn % ParkEvery == 0)
                {
                    view.Park(); // as a vCPU that halts: the writer now updates this view itself
                    Thread.Yield();
                    view.Resume();
                }
                report.CountReads(33);
                finishedBeforeThisTurnsMove = table.Table.Shrinks; // acquire: before the next turn's request check
            }
            catch (Exception e)
            {
                report.Violation($"own view threw {e.GetType().Name}: {e.Message}");
            }
        };
    }

    private void ForeignLoop(StressReport report, int seed, CancellationToken stop)
    {
        var random = new Random(seed);
        int lastCount = 0;
        long turn = 0, finishedBefore = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                long finished = table.Table.Shrinks; // acquire, before the count
                using var view = table.Table.ReadForeign();
                int count = view.Count;
                if (count < lastCount && !ShrankSince(finishedBefore))
                    report.Violation($"foreign count went back from {lastCount} to {count}");
                lastCount = count;
                finishedBefore = finished;
                for (int i = 0; i < 16; i++)
                {
                    Check(report, view.Get(random.Next(count + 1)), -1, "foreign Get");
                    int id = random.Next(Members);
                    Check(report, view.GetById(id), id, "foreign GetById");
                }
                if (++turn % 32 == 0)
                {
                    int previous = -1;
                    foreach (var member in view)
                        previous = CheckEnumerated(report, member, previous, "foreign enumeration");
                }
                report.CountReads(33);
            }
            catch (Exception e)
            {
                report.Violation($"foreign view threw {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private static void Check(StressReport report, TestVcpu? member, int id, string what)
    {
        if (member is null)
            return;
        if (!member.IsFullyBuilt)
            report.Violation($"{what} returned a half-built member {member.Id}");
        else if (id >= 0 && member.Id != id)
            report.Violation($"{what}({id}) returned member {member.Id}");
    }

    private static int CheckEnumerated(StressReport report, TestVcpu member, int previousId, string what)
    {
        Check(report, member, -1, what);
        if (member.Id == previousId)
            report.Violation($"{what} yielded {member.Id} twice in a row");
        return member.Id;
    }

    private static Thread StartThread(string name, Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }
}
