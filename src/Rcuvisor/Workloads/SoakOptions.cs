namespace Rcuvisor.Workloads;

/// <summary>What a <see cref="SoakRun"/> does: the VM (table, sizes), the seed and how long.</summary>
public sealed record SoakOptions
{
    /// <summary>Most vCPUs a soak plugs at once: each is a thread, and the machine is small.</summary>
    public const int MaxVcpusLimit = 256;

    /// <summary>The VM to soak; its guest is replaced by doorbell guests ringing every id the soak can plug.</summary>
    public VmOptions Vm { get; init; } = new() { MaxVcpus = 16, MaxVcpuIds = 16 };

    /// <summary>The schedule's seed: the same seed gives the same sequence of operations.</summary>
    public int Seed { get; init; }

    /// <summary>How long the schedule runs, split evenly among the tables when there are several.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>vCPUs 0..n-1 plugged before the start (at most <see cref="VmOptions.MaxVcpus"/>).</summary>
    public int InitialVcpus { get; init; } = 4;

    /// <summary>Doorbell guests' work-loop iterations between rings.</summary>
    public int GuestWork { get; init; } = 200;

    /// <summary>How often progress is reported.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad value and its limit.</summary>
    public void Validate()
    {
        Vm.Validate();
        if (Vm.MaxVcpus > MaxVcpusLimit || Vm.MaxVcpuIds != Vm.MaxVcpus)
            throw new ArgumentOutOfRangeException(nameof(Vm), Vm.MaxVcpus, $"A soak's VM needs MaxVcpus = MaxVcpuIds, 1 to {MaxVcpusLimit}.");
        if (InitialVcpus < 1 || InitialVcpus > Vm.MaxVcpus)
            throw new ArgumentOutOfRangeException(nameof(InitialVcpus), InitialVcpus, $"InitialVcpus must be between 1 and MaxVcpus ({Vm.MaxVcpus}).");
        if (Duration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "Duration must be positive.");
        ArgumentOutOfRangeException.ThrowIfNegative(GuestWork);
        if (ProgressInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ProgressInterval), ProgressInterval, "ProgressInterval must be positive.");
    }
}
