namespace Rcuvisor.Workloads;

/// <summary>What a <see cref="VmWorkload"/> measured and whether the VM's books balanced.</summary>
public sealed record VmWorkloadResult
{
    /// <summary>The backend the VM ran on: "sim" or "kvm".</summary>
    public required string Backend { get; init; }

    /// <summary>From the first vCPU's creation to the pause before the audit.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>From the first hot plug after the start to the return of the last (zero when none).</summary>
    public TimeSpan Plugging { get; init; }

    /// <summary>The audit of the paused VM.</summary>
    public required VmAudit Audit { get; init; }

    /// <summary>The audit's violations, then any failure of the signalling threads.</summary>
    public required IReadOnlyList<string> Violations { get; init; }

    /// <summary>True when Ctrl+C (the token) ended the run early; it was still audited.</summary>
    public required bool Cancelled { get; init; }

    /// <summary>True when there were no violations.</summary>
    public bool Passed => Violations.Count == 0;

    /// <summary>The counters the audit checked.</summary>
    public VmStatsSnapshot Stats => Audit.Stats;

    /// <summary>Interrupts injected into guests per second of <see cref="Elapsed"/>.</summary>
    public double DeliveredPerSecond => Stats.InterruptsDelivered / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
