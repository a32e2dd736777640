namespace Rcuvisor.Workloads;

/// <summary>What a soak did and found: operations by kind, audits passed, the final books, and the first failure.</summary>
public sealed record SoakResult
{
    /// <summary>The seed the schedule was drawn from: pass it again to replay the same operations.</summary>
    public required int Seed { get; init; }

    /// <summary>Operations carried out.</summary>
    public required long Steps { get; init; }

    /// <summary>Operations completed, by kind.</summary>
    public required IReadOnlyDictionary<SoakOperationKind, long> Operations { get; init; }

    /// <summary>Audits that passed: one at every pause, and the final one.</summary>
    public required int AuditsPassed { get; init; }

    /// <summary>Signals the interrupt storms sent through interrupt lines.</summary>
    public required long StormSignals { get; init; }

    /// <summary>The VM's counters at the end (after its final pause).</summary>
    public required VmStatsSnapshot Stats { get; init; }

    /// <summary>How long the schedule ran.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The first failed audit or exception; null when the soak passed.</summary>
    public required SoakFailure? Failure { get; init; }

    /// <summary>True when a cancellation cut the run short (the VM was still paused and audited).</summary>
    public required bool Cancelled { get; init; }

    /// <summary>True when every audit passed and nothing threw.</summary>
    public bool Passed => Failure is null;
}
