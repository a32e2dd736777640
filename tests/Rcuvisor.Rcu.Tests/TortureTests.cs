using Rcuvisor.Rcu.Torture;

namespace Rcuvisor.Rcu.Tests;

public sealed class TortureTests
{
    // At least 20 grace periods, however loaded the machine: the run lengthens until it has them.
    private static readonly TortureOptions Bounded = new() { Duration = TimeSpan.FromSeconds(2), Readers = 2, FakeWriters = 1, MinGracePeriods = 20 };

    public static TheoryData<string> Domains => new(TortureSubject.Names);

    [Theory]
    [MemberData(nameof(Domains))]
    public void No_reader_outlives_a_grace_period(string name)
    {
        using var subject = TortureSubject.Create(name, new GracePeriodOptions { Name = name, Checked = true });
        var result = TortureRun.Execute(subject, Bounded, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.Violations);
        Assert.All(result.PipeHistogram.Skip(2), bucket => Assert.Equal(0, bucket));
        Assert.Equal(0, result.FreedReads);
        // Enough grace periods and reads that the histogram means something: the run lasts
        // until the writer has 20 grace periods, and readers read back to back meanwhile.
        Assert.True(result.GracePeriods >= 20, $"only {result.GracePeriods} grace periods");
        Assert.True(result.Reads >= 1_000, $"only {result.Reads} reads");
        Assert.True(result.PipeHistogram[0] > 0, "no reader ever saw the current element");
        Assert.True(result.DeferredFrees > 0, "no deferred free ran");
    }

    [Fact]
    public void A_domain_that_skips_the_wait_is_caught()
    {
        using var subject = new SkippingSubject();
        var options = Bounded with { Duration = TimeSpan.FromSeconds(1) };
        var result = TortureRun.Execute(subject, options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.Violations > 0, "the torture test did not notice grace periods that do not wait");
        Assert.True(result.PipeHistogram.Skip(2).Sum() > 0);
    }

    [Fact]
    public void Bad_options_name_the_value_and_the_limit()
    {
        using var subject = TortureSubject.Create("rcu");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TortureRun.Execute(subject, Bounded with { Readers = 0 }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("between 1 and 256", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TortureSubject.Create("bogus"));
    }

    /// <summary>The test double: an RCU read side over a domain whose grace periods end at once.</summary>
    private sealed class SkippingSubject() : TortureSubject("skipping", new SkippingDomain())
    {
        private readonly RcuDomain _reads = new();

        public override TortureReader OpenReader() => new Reader(_reads);

        public override void Dispose()
        {
            _reads.Dispose();
            base.Dispose();
        }

        private sealed class Reader(RcuDomain rcu) : TortureReader
        {
            public override int Read(Func<int> section)
            {
                using var _ = rcu.Read();
                return section();
            }
        }
    }

    private sealed class SkippingDomain() : GracePeriodDomain(null)
    {
        private long _completed;

        public override long GracePeriodsCompleted => Volatile.Read(ref _completed);

        public override void Synchronize() => Interlocked.Increment(ref _completed); // the bug: no wait at all
    }
}
