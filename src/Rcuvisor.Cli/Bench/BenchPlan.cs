namespace Rcuvisor.Cli.Bench;

/// <summary>
/// The sections a run measures, in order, and the parts of issue 6's matrix that must wait.
/// To add end-to-end or slow-path figures: implement <see cref="IBenchSection"/>, add it to
/// <see cref="Sections"/>, and drop its entry from <see cref="NotMeasured"/>.
/// </summary>
internal static class BenchPlan
{
    public static IReadOnlyList<IBenchSection> Sections { get; } =
        [new ExecutionPathSection(), new MemorySection(), new GracePeriodSection()];

    public static IReadOnlyList<UnmeasuredSection> NotMeasured { get; } =
    [
        new("end to end (doorbell interrupts per second per strategy, at 2, 8 and 64 vCPUs)",
            "`rcuvisor run` and the Vm (issue 4); on KVM also the KVM backend (issue 5)"),
        new("slow path (CreateVcpu latency with growth while vCPUs run, p50/p99/max; unplug latency)",
            "`rcuvisor run` and the Vm (issue 4); on KVM also the KVM backend (issue 5)"),
    ];

    public static int TotalSteps(BenchMatrix matrix) => Sections.Sum(s => s.PlannedSteps(matrix));
}
