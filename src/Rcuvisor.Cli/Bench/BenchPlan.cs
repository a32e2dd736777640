namespace Rcuvisor.Cli.Bench;

/// <summary>
/// The sections a run measures, in order, and the parts of issue 6's matrix that must wait.
/// A new part implements <see cref="IBenchSection"/> and joins <see cref="Sections"/>.
/// </summary>
internal static class BenchPlan
{
    public static IReadOnlyList<IBenchSection> Sections { get; } =
        [new ExecutionPathSection(), new EndToEndSection(), new SlowPathSection(), new MemorySection(), new GracePeriodSection()];

    public static IReadOnlyList<UnmeasuredSection> NotMeasured { get; } =
    [
        new("end to end and slow path on KVM", "the KVM backend (issue 5); this build measures them on the simulated CPU only"),
    ];

    public static int TotalSteps(BenchMatrix matrix) => Sections.Sum(s => s.PlannedSteps(matrix));
}
