using Rcuvisor.Bench;
using System.Text.Json.Serialization;
using Rcuvisor.Workloads;

namespace Rcuvisor.Cli.Run;

/// <summary>
/// What <c>rcuvisor run --json</c> prints: the plan, the measured figures, and the audit.
/// Its shape is docs/schemas/run.schema.json; <see cref="SchemaVersion"/> changes when a
/// field changes meaning or goes away.
/// </summary>
internal sealed record RunReport(
    string Backend,
    string Table,
    int MaxVcpus,
    GuestDescription Guest,
    int Vcpus,
    int HotplugTo,
    int Unplug,
    int IrqLines,
    double Seconds,
    double ElapsedSeconds,
    double DeliveredPerSecond,
    bool Passed,
    bool Cancelled,
    IReadOnlyList<string> Violations,
    long GuestCountedInterrupts,
    VmStatsSnapshot Stats)
{
    [JsonPropertyOrder(-1)]
    public int SchemaVersion => 1;

    public static RunReport From(VmWorkloadOptions options, VmWorkloadResult result) => new(
        result.Backend,
        TableNames.NameOf(options.Vm.Table),
        options.Vm.MaxVcpus,
        GuestDescription.From(options.Vm.Guest),
        options.Vcpus,
        options.HotplugTo,
        options.Unplug,
        options.IrqLines,
        options.Duration.TotalSeconds,
        result.Elapsed.TotalSeconds,
        result.DeliveredPerSecond,
        result.Passed,
        result.Cancelled,
        result.Violations,
        result.Audit.GuestCountedInterrupts,
        result.Stats);
}
