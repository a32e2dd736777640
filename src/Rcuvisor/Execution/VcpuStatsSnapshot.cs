namespace Rcuvisor.Execution;

/// <summary>
/// A vCPU's counters at one moment (each read on its own: a snapshot of a running vCPU is
/// not atomic as a whole). Snapshots add up into aggregates for a VM.
/// </summary>
public readonly record struct VcpuStatsSnapshot
{
    public long ExitsIo { get; init; }
    public long ExitsHalt { get; init; }
    public long ExitsInterrupted { get; init; }
    public long ExitsShutdown { get; init; }
    public long ExitsError { get; init; }
    public long ExitsMmio { get; init; }
    public long ExitsInterruptWindow { get; init; }

    /// <summary>
    /// Doorbells rung by this vCPU at a peer that existed (not <see cref="VmStatsSnapshot.InterruptsSent"/>,
    /// which adds doorbells at unplugged peers and interrupt-line signals).
    /// </summary>
    public long DoorbellsSent { get; init; }
    /// <summary>Interrupts queued at this vCPU by peers and interrupt lines.</summary>
    public long InterruptsQueued { get; init; }
    /// <summary>Interrupts the VMM injected into the backend for the guest's next entry.</summary>
    public long InterruptsInjected { get; init; }
    /// <summary>Interrupts the guest took, as the backend reports after each run (not when injected: KVM may return before entry).</summary>
    public long InterruptsDelivered { get; init; }
    /// <summary>Interrupts still queued, or injected and not taken, when the vCPU was torn down: dropped for a removed target.</summary>
    public long InterruptsAbandoned { get; init; }
    /// <summary>Doorbells rung at a peer the VM had unplugged: interrupts dropped for a removed target.</summary>
    public long DoorbellsToUnplugged { get; init; }
    /// <summary>INs and OUTs at ports no device is on.</summary>
    public long GuestErrorsUnknownPort { get; init; }
    /// <summary>Loads and stores at guest-physical addresses that are neither RAM nor a device.</summary>
    public long GuestErrorsUnmappedMmio { get; init; }
    /// <summary>Doorbells naming ids that do not exist and were never unplugged.</summary>
    public long GuestErrorsAbsentTarget { get; init; }

    /// <summary>Guest mistakes the VMM refused, every kind: the vCPU carried on after each.</summary>
    public long GuestErrors => GuestErrorsUnknownPort + GuestErrorsUnmappedMmio + GuestErrorsAbsentTarget;

    public long Kicks { get; init; }
    public long KickInterrupts { get; init; }
    public long Wakeups { get; init; }

    /// <summary>Request tickets handed out (every raise counts, coalesced or not).</summary>
    public long RequestsRaised { get; init; }
    /// <summary>Handler runs; fewer than <see cref="RequestsAcknowledged"/> when bits coalesced.</summary>
    public long RequestRuns { get; init; }
    /// <summary>Request tickets consumed by a handler run on the vCPU's thread.</summary>
    public long RequestsAcknowledged { get; init; }
    public long EmptyRequestRuns { get; init; }

    public long Exits => ExitsIo + ExitsHalt + ExitsInterrupted + ExitsShutdown + ExitsError + ExitsMmio + ExitsInterruptWindow;

    public static VcpuStatsSnapshot operator +(VcpuStatsSnapshot a, VcpuStatsSnapshot b) => new()
    {
        ExitsIo = a.ExitsIo + b.ExitsIo,
        ExitsHalt = a.ExitsHalt + b.ExitsHalt,
        ExitsInterrupted = a.ExitsInterrupted + b.ExitsInterrupted,
        ExitsShutdown = a.ExitsShutdown + b.ExitsShutdown,
        ExitsError = a.ExitsError + b.ExitsError,
        ExitsMmio = a.ExitsMmio + b.ExitsMmio,
        ExitsInterruptWindow = a.ExitsInterruptWindow + b.ExitsInterruptWindow,
        DoorbellsSent = a.DoorbellsSent + b.DoorbellsSent,
        InterruptsQueued = a.InterruptsQueued + b.InterruptsQueued,
        InterruptsInjected = a.InterruptsInjected + b.InterruptsInjected,
        InterruptsDelivered = a.InterruptsDelivered + b.InterruptsDelivered,
        InterruptsAbandoned = a.InterruptsAbandoned + b.InterruptsAbandoned,
        DoorbellsToUnplugged = a.DoorbellsToUnplugged + b.DoorbellsToUnplugged,
        GuestErrorsUnknownPort = a.GuestErrorsUnknownPort + b.GuestErrorsUnknownPort,
        GuestErrorsUnmappedMmio = a.GuestErrorsUnmappedMmio + b.GuestErrorsUnmappedMmio,
        GuestErrorsAbsentTarget = a.GuestErrorsAbsentTarget + b.GuestErrorsAbsentTarget,
        Kicks = a.Kicks + b.Kicks,
        KickInterrupts = a.KickInterrupts + b.KickInterrupts,
        Wakeups = a.Wakeups + b.Wakeups,
        RequestsRaised = a.RequestsRaised + b.RequestsRaised,
        RequestRuns = a.RequestRuns + b.RequestRuns,
        RequestsAcknowledged = a.RequestsAcknowledged + b.RequestsAcknowledged,
        EmptyRequestRuns = a.EmptyRequestRuns + b.EmptyRequestRuns,
    };

    /// <summary>The aggregate over <paramref name="vcpus"/>.</summary>
    public static VcpuStatsSnapshot Sum(ReadOnlySpan<Vcpu> vcpus)
    {
        var total = default(VcpuStatsSnapshot);
        foreach (var vcpu in vcpus)
            total += vcpu.ReadStats();
        return total;
    }
}
