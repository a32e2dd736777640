namespace Rcuvisor.Workloads;

/// <summary>
/// What <see cref="VmWorkload"/> does: start <see cref="Vcpus"/> vCPUs (ids 0..Vcpus-1),
/// plug more up to <see cref="HotplugTo"/> at once, unplug <see cref="Unplug"/> of them
/// half-way, with <see cref="IrqLines"/> interrupt lines signalled throughout, for
/// <see cref="Duration"/>; then pause and audit.
/// </summary>
public sealed record VmWorkloadOptions
{
    /// <summary>The most interrupt lines a run may have.</summary>
    public const int MaxIrqLines = 4096;
    /// <summary>The most signalling threads a run may have.</summary>
    public const int MaxIrqThreads = 64;
    /// <summary>The longest run: one day.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(1);

    /// <summary>The VM: backend, table strategy, limits and the guest every vCPU runs.</summary>
    public VmOptions Vm { get; init; } = VmOptions.Default;

    /// <summary>vCPUs created before the run starts (ids 0 to Vcpus - 1).</summary>
    public int Vcpus { get; init; } = 4;

    /// <summary>vCPUs after the hotplug phase; equal to <see cref="Vcpus"/> for none.</summary>
    public int HotplugTo { get; init; } = 4;

    /// <summary>
    /// vCPUs unplugged half-way: odd ids first, lowest first, then even ids from the top.
    /// vCPU 0 always stays, so at most HotplugTo - 1.
    /// </summary>
    public int Unplug { get; init; }

    /// <summary>Interrupt lines, line i bound to vCPU i mod Vcpus.</summary>
    public int IrqLines { get; init; } = 4;

    /// <summary>Threads signalling the lines.</summary>
    public int IrqThreads { get; init; } = 1;

    /// <summary>How long the VM runs before it is paused and audited.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often progress is reported.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the option, the value and the limit.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Vm, nameof(Vm));
        Vm.Validate();
        Require(Vcpus, 1, Vm.MaxVcpus, nameof(Vcpus), "MaxVcpus");
        Require(Vcpus, 1, Vm.MaxVcpuIds, nameof(Vcpus), "MaxVcpuIds");
        Require(HotplugTo, Vcpus, Math.Min(Vm.MaxVcpus, Vm.MaxVcpuIds), nameof(HotplugTo), "Vcpus..min(MaxVcpus, MaxVcpuIds)");
        Require(Unplug, 0, HotplugTo - 1, nameof(Unplug), "HotplugTo - 1 (vCPU 0 stays)");
        Require(IrqLines, 0, MaxIrqLines, nameof(IrqLines), nameof(MaxIrqLines));
        Require(IrqThreads, 1, MaxIrqThreads, nameof(IrqThreads), nameof(MaxIrqThreads));
        if (Duration <= TimeSpan.Zero || Duration > MaxDuration)
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, $"Duration must be positive and at most {MaxDuration}.");
        if (ProgressInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ProgressInterval), ProgressInterval, "ProgressInterval must be positive.");
    }

    private static void Require(int value, int min, int max, string name, string limitName)
    {
        if (value < min || value > max)
            throw new ArgumentOutOfRangeException(name, value, $"{name} {value} is out of range: allowed {min} to {max} ({limitName}).");
    }
}
