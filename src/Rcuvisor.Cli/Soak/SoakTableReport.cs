using Rcuvisor.Cli.Run;
using Rcuvisor.Workloads;

namespace Rcuvisor.Cli.Soak;

/// <summary>One table's soak in <c>rcuvisor soak --json</c>: operations by kind, audits, interrupts, and the failure if any.</summary>
internal sealed record SoakTableReport(
    string Table,
    bool Passed,
    double ElapsedSeconds,
    long Steps,
    IReadOnlyDictionary<string, long> Operations,
    int AuditsPassed,
    long StormSignals,
    long InterruptsSent,
    long InterruptsDelivered,
    long InterruptsDropped,
    string? FailedStep,
    string? Failure,
    VmStatsSnapshot Stats)
{
    public static SoakTableReport From(SoakResult result) => new(
        TableNames.NameOf(result.Stats.Table),
        result.Passed,
        result.Elapsed.TotalSeconds,
        result.Steps,
        result.Operations.ToDictionary(p => SoakNames.Of(p.Key), p => p.Value),
        result.AuditsPassed,
        result.StormSignals,
        result.Stats.InterruptsSent,
        result.Stats.InterruptsDelivered,
        result.Stats.InterruptsDropped,
        result.Failure?.Step?.ToString(),
        result.Failure?.Message,
        result.Stats);
}
