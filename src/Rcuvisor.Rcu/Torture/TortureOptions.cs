namespace Rcuvisor.Rcu.Torture;

/// <summary>How long and how hard to torture a domain.</summary>
public sealed record TortureOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The run goes on past <see cref="Duration"/> until the writer has completed this many
    /// grace periods (a bounded test on a loaded machine still sees enough), for at most a
    /// minute more. 0: the duration alone decides.
    /// </summary>
    public int MinGracePeriods { get; init; }

    /// <summary>Reader threads; each runs read sections back to back.</summary>
    public int Readers { get; init; } = 2;

    /// <summary>Threads that only call Synchronize, so concurrent grace periods get batched (rcutorture's fakewriters).</summary>
    public int FakeWriters { get; init; } = 1;

    /// <summary>An element is dropped after this many grace periods; also the histogram's last bucket.</summary>
    public int MaxPipe { get; init; } = 10;

    /// <summary>How often progress is reported.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public void Validate()
    {
        if (Duration <= TimeSpan.Zero || Duration > TimeSpan.FromHours(24))
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "Duration must be between 0 and 24 hours.");
        if (Readers is < 1 or > 256)
            throw new ArgumentOutOfRangeException(nameof(Readers), Readers, "Readers must be between 1 and 256.");
        if (FakeWriters is < 0 or > 64)
            throw new ArgumentOutOfRangeException(nameof(FakeWriters), FakeWriters, "FakeWriters must be between 0 and 64.");
        if (MinGracePeriods is < 0 or > 1_000_000)
            throw new ArgumentOutOfRangeException(nameof(MinGracePeriods), MinGracePeriods, "MinGracePeriods must be between 0 and 1,000,000.");
        if (MaxPipe is < 3 or > 64)
            throw new ArgumentOutOfRangeException(nameof(MaxPipe), MaxPipe, "MaxPipe must be between 3 and 64.");
    }
}
