
namespace Rcuvisor.Bench;

/// <summary>
/// The sections a run measures, in order, and the parts of issue 6's matrix a run leaves out.
/// A new part implements <see cref="IBenchSection"/> and joins <see cref="Sections"/>.
/// </summary>
internal static class BenchPlan
{
    // The backends' names as IHypervisor.Name and --backend spell them.
    private const string Simulated = "sim";
    private const string Kvm = "kvm";

    public static IReadOnlyList<IBenchSection> Sections { get; } =
        [new ExecutionPathSection(), new EndToEndSection(), new SlowPathSection(), new KickSection(), new MemorySection(), new GracePeriodSection()];

    /// <summary>
    /// The VM sections run on one backend per run: the other backend's cells are what this
    /// run did not measure. <paramref name="backend"/> is the one that ran; <paramref name="note"/> says why.
    /// </summary>
    public static IReadOnlyList<UnmeasuredSection> NotMeasured(string backend, string note) =>
        backend == Kvm
            ? [new("end to end and slow path on the simulated CPU", $"a run with --backend {Simulated} (this run used {Kvm})")]
            : [new("end to end and slow path on KVM", $"--backend {Kvm} on a host where /dev/kvm opens (this run: backend {note})")];

    public static int TotalSteps(BenchMatrix matrix) => Sections.Sum(s => s.PlannedSteps(matrix));
}
