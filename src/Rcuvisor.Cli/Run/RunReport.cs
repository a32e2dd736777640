using Rcuvisor.Workloads;

namespace Rcuvisor.Cli.Run;

/// <summary>What <c>rcuvisor run --json</c> prints: the plan, the measured figures, and the audit.</summary>
internal sealed record RunReport(
    string Backend,
    string Table,
    string Guest,
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
    public static RunReport From(VmWorkloadOptions options, string guest, VmWorkloadResult result) => new(
        result.Backend,
        TableNames.NameOf(options.Vm.Table),
        guest,
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
