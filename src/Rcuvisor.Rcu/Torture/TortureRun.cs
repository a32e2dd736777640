using System.Diagnostics;

namespace Rcuvisor.Rcu.Torture;

/// <summary>
/// rcutorture for a <see cref="GracePeriodDomain"/>: one writer replaces a published
/// element and ages every unpublished element by one after each grace period; readers
/// record the age they see at the end of each section (the pipe-count histogram).
/// Each unpublished element is also retired through <see cref="GracePeriodDomain.Retire{T}"/>,
/// so a deferred free that runs too early is seen as a read of freed memory.
/// </summary>
public sealed class TortureRun
{
    private readonly TortureSubject _subject;
    private readonly TortureOptions _options;
    private TortureElement _current = new();
    private volatile bool _stop;
    private long _writerGracePeriods;

    private TortureRun(TortureSubject subject, TortureOptions options)
    {
        _subject = subject;
        _options = options;
    }

    /// <summary>Tortures <paramref name="subject"/> for <see cref="TortureOptions.Duration"/>.</summary>
    public static TortureResult Execute(
        TortureSubject subject,
        TortureOptions options,
        IProgress<TortureProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new TortureRun(subject, options).Execute(progress, cancellationToken);
    }

    private TortureResult Execute(IProgress<TortureProgress>? progress, CancellationToken cancellationToken)
    {
        var readers = Enumerable.Range(0, _options.Readers).Select(_ => new ReaderTally(_options.MaxPipe)).ToArray();
        var failures = new List<Exception>();
        var threads = new List<Thread>();
        foreach (var tally in readers)
            threads.Add(Start($"torture-reader", () => ReadLoop(tally), failures));
        threads.Add(Start("torture-writer", WriteLoop, failures));
        for (int i = 0; i < _options.FakeWriters; i++)
            threads.Add(Start("torture-fakewriter", FakeWriteLoop, failures));

        var clock = Stopwatch.StartNew();
        long deferredBefore = _subject.Domain.DeferredCompleted;
        while (!IsLongEnough(clock.Elapsed) && !cancellationToken.IsCancellationRequested && !HasFailed(failures))
        {
            var remaining = _options.Duration - clock.Elapsed;
            Thread.Sleep(remaining > TimeSpan.Zero && remaining < _options.ProgressInterval ? remaining : _options.ProgressInterval);
            progress?.Report(Snapshot(clock.Elapsed, readers));
        }
        _stop = true;
        foreach (var thread in threads)
            thread.Join();
        if (failures.Count > 0)
            throw new AggregateException($"Torture of '{_subject.Name}' failed on a worker thread.", failures);
        _subject.Domain.Barrier(); // every deferred free queued by the writer has run
        return Result(clock.Elapsed, readers, _subject.Domain.DeferredCompleted - deferredBefore);
    }

    /// <summary>The duration has passed and the writer has its minimum of grace periods, or a minute more has passed.</summary>
    private bool IsLongEnough(TimeSpan elapsed) =>
        elapsed >= _options.Duration
        && (Volatile.Read(ref _writerGracePeriods) >= _options.MinGracePeriods || elapsed >= _options.Duration + TimeSpan.FromMinutes(1));

    private void WriteLoop()
    {
        var domain = _subject.Domain;
        var unpublished = new List<TortureElement>();
        while (!_stop)
        {
            // Exchange is a full fence: the new element is fully built before it is published.
            var old = Interlocked.Exchange(ref _current, new TortureElement());
            old.Age();                 // 0 -> 1: no longer reachable by new readers
            unpublished.Add(old);
            domain.Retire(old);        // its deferred free must wait for a grace period too
            domain.Synchronize();
            _writerGracePeriods++;
            foreach (var element in unpublished)
                element.Age();
            unpublished.RemoveAll(e => e.PipeCount >= _options.MaxPipe);
        }
    }

    private void FakeWriteLoop()
    {
        while (!_stop)
            _subject.Domain.Synchronize();
    }

    private void ReadLoop(ReaderTally tally)
    {
        using var reader = _subject.OpenReader();
        var random = new Random(Environment.CurrentManagedThreadId);
        Func<int> section = () =>
        {
            var element = Volatile.Read(ref _current);
            Delay(random);
            if (element.IsFreed)
                tally.CountFreedRead();
            return element.PipeCount;
        };
        while (!_stop)
        {
            tally.Count(reader.Read(section));
            reader.BetweenReads();
        }
    }

    /// <summary>Mostly short sections, sometimes long ones (rcutorture's read delay), so sections straddle grace periods.</summary>
    private static void Delay(Random random)
    {
        int roll = random.Next(1000);
        if (roll == 0)
            Thread.SpinWait(20_000);
        else if (roll < 50)
            Thread.SpinWait(500);
        else
            Thread.SpinWait(10);
    }

    private static Thread Start(string name, Action body, List<Exception> failures)
    {
        var thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception e)
            {
                lock (failures)
                    failures.Add(e);
            }
        })
        { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    private static bool HasFailed(List<Exception> failures)
    {
        lock (failures)
            return failures.Count > 0;
    }

    private TortureProgress Snapshot(TimeSpan elapsed, ReaderTally[] readers) => new(
        elapsed,
        _subject.Domain.GracePeriodsCompleted,
        readers.Sum(r => r.Reads),
        readers.Sum(r => r.Violations));

    private TortureResult Result(TimeSpan elapsed, ReaderTally[] readers, long deferredFrees)
    {
        var histogram = new long[_options.MaxPipe + 1];
        foreach (var tally in readers)
            tally.AddTo(histogram);
        return new TortureResult(
            _subject.Name,
            elapsed,
            Math.Max(_writerGracePeriods, _subject.Domain.GracePeriodsCompleted),
            readers.Sum(r => r.Reads),
            histogram,
            readers.Sum(r => r.FreedReads),
            deferredFrees);
    }
}
