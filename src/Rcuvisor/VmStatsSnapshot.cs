using Rcuvisor.Execution;
using Rcuvisor.Tables;

namespace Rcuvisor;

/// <summary>
/// A VM's counters at one moment, read under its control lock (so no vCPU is half
/// created or half unplugged in it). While vCPUs run, each counter is read on its own.
/// </summary>
public sealed record VmStatsSnapshot
{
    public required VmState State { get; init; }

    public required VcpuTableStrategy Table { get; init; }

    /// <summary>Every vCPU's counters, the unplugged ones' final counters included.</summary>
    public required VcpuStatsSnapshot Vcpus { get; init; }

    public required int LiveVcpus { get; init; }
    public required long VcpusCreated { get; init; }
    public required long VcpusUnplugged { get; init; }

    public required long IrqSignals { get; init; }
    public required long IrqQueued { get; init; }
    /// <summary>Interrupt-line signals whose target had been unplugged.</summary>
    public required long IrqDropped { get; init; }

    /// <summary>Interrupts queued at live vCPUs and not yet injected.</summary>
    public required long InterruptsInFlight { get; init; }

    public required int TableCount { get; init; }
    public required int TableCapacity { get; init; }
    /// <summary>CreateVcpu calls that grew the table's capacity.</summary>
    public required long TableGrowths { get; init; }
    public required long TableBytes { get; init; }

    /// <summary>Every CreateVcpu, start of its thread included (which waits for the new thread to be scheduled).</summary>
    public required LatencySummary CreateLatency { get; init; }
    /// <summary>
    /// The table Add inside each CreateVcpu that grew the table after <see cref="Vm.Start"/>:
    /// copy, publish, bring every vCPU's view along, grace period. Growths before the start are counted, not timed.
    /// </summary>
    public required LatencySummary GrowthLatency { get; init; }
    public required LatencySummary UnplugLatency { get; init; }

    /// <summary>Doorbells that found their target or found it unplugged, plus every interrupt-line signal.</summary>
    public long InterruptsSent => Vcpus.DoorbellsSent + Vcpus.DoorbellsToUnplugged + IrqSignals;

    public long InterruptsDelivered => Vcpus.InterruptsDelivered;

    /// <summary>Lost to an unplug: doorbells and signals at an unplugged target, and interrupts still queued at one when it went.</summary>
    public long InterruptsDropped => Vcpus.DoorbellsToUnplugged + IrqDropped + Vcpus.InterruptsAbandoned;
}
