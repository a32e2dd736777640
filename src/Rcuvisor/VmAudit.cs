namespace Rcuvisor;

/// <summary>
/// The interrupt books of a paused VM, checked: nothing sent was lost, nothing was
/// delivered twice, drops happened only at unplugged targets, every vCPU's own view is
/// the table's current one, and no vCPU thread died.
/// </summary>
public sealed record VmAudit
{
    /// <summary>The counters the audit checked, read while the VM was paused.</summary>
    public required VmStatsSnapshot Stats { get; init; }

    /// <summary>Interrupts the guests' handlers counted in guest memory, all ids summed.</summary>
    public required long GuestCountedInterrupts { get; init; }

    /// <summary>Each broken invariant, in words, with the numbers that broke it; empty when all hold.</summary>
    public required IReadOnlyList<string> Violations { get; init; }

    /// <summary>True when every invariant held.</summary>
    public bool Passed => Violations.Count == 0;
}
