using Rcuvisor.Execution;
using Rcuvisor.Tables;

namespace Rcuvisor;

/// <summary>
/// A VM's counters at one moment, read under its control lock (so no vCPU is half
/// created or half unplugged in it). While vCPUs run, each counter is read on its own.
/// </summary>
public sealed record VmStatsSnapshot
{
    /// <summary>The VM's lifecycle state when read.</summary>
    public required VmState State { get; init; }

    /// <summary>The vCPU table strategy.</summary>
    public required VcpuTableStrategy Table { get; init; }

    /// <summary>Every vCPU's counters, the unplugged ones' final counters included.</summary>
    public required VcpuStatsSnapshot Vcpus { get; init; }

    /// <summary>vCPUs plugged in now.</summary>
    public required int LiveVcpus { get; init; }
    /// <summary>vCPUs plugged in (<see cref="Vm.CreateVcpu"/>) since the VM was created, unplugged ones included.</summary>
    public required long VcpusPlugged { get; init; }
    /// <summary>vCPUs unplugged so far.</summary>
    public required long VcpusUnplugged { get; init; }

    /// <summary>Interrupt-line signals, whatever became of them.</summary>
    public required long IrqSignals { get; init; }
    /// <summary>Interrupt-line signals that found their target and queued an interrupt there.</summary>
    public required long IrqQueued { get; init; }
    /// <summary>Interrupt-line signals whose target had been unplugged.</summary>
    public required long IrqDropped { get; init; }

    /// <summary>Interrupts queued at live vCPUs and not yet injected.</summary>
    public required long InterruptsInFlight { get; init; }

    /// <summary>Table indices in use, holes left by unplugs included.</summary>
    public required int TableCount { get; init; }
    /// <summary>Table index slots allocated.</summary>
    public required int TableCapacity { get; init; }
    /// <summary>Plugs (<see cref="Vm.CreateVcpu"/>) that grew the table's capacity.</summary>
    public required long TableGrowths { get; init; }
    /// <summary>DestroyVcpu calls that left the table at most a quarter full and so shrank it (docs/tables.md, "Shrink").</summary>
    public required long TableShrinks { get; init; }
    /// <summary>Rounds in which the table asked every vCPU to move its view or pass a quiescent point: growths, shrinks, unplugs.</summary>
    public required long TableUpdateRounds { get; init; }
    /// <summary>
    /// Of <see cref="TableUpdateRounds"/>, those that waited for a vCPU inside a doorbell lookup (the
    /// one stretch in which a vCPU reads its view): only that vCPU's thread can end the wait, so on a
    /// busy host these rounds cost a scheduler turn (docs/tables.md, "Extended quiescent state").
    /// </summary>
    public required long TableRoundsThatWaited { get; init; }
    /// <summary>Milliseconds those rounds spent waiting, in all.</summary>
    public required double TableRoundWaitMs { get; init; }
    /// <summary>Bytes the table owns (see <see cref="IVcpuTable{T}.FootprintBytes"/>).</summary>
    public required long TableBytes { get; init; }

    /// <summary>Every plug (<see cref="Vm.CreateVcpu"/>), start of its thread included (which waits for the new thread to be scheduled).</summary>
    public required LatencySummary PlugLatency { get; init; }
    /// <summary>
    /// The table Add inside each CreateVcpu that grew the table after <see cref="Vm.Start"/>:
    /// copy, publish, bring every vCPU's view along, grace period. Growths before the start are counted, not timed.
    /// </summary>
    public required LatencySummary GrowthLatency { get; init; }
    /// <summary>Every unplug (<see cref="Vm.DestroyVcpu"/>): the table removal with its grace period, then the vCPU's teardown.</summary>
    public required LatencySummary UnplugLatency { get; init; }

    /// <summary>Doorbells that found their target or found it unplugged, plus every interrupt-line signal.</summary>
    public long InterruptsSent => Vcpus.DoorbellsSent + Vcpus.DoorbellsToUnplugged + IrqSignals;

    /// <summary>Interrupts the guests took.</summary>
    public long InterruptsDelivered => Vcpus.InterruptsDelivered;

    /// <summary>Lost to an unplug: doorbells and signals at an unplugged target, and interrupts still queued at one when it went.</summary>
    public long InterruptsDropped => Vcpus.DoorbellsToUnplugged + IrqDropped + Vcpus.InterruptsAbandoned;
}
