namespace Rcuvisor.Backends;

/// <summary>
/// What every vCPU of a VM runs. The simulated backend interprets it; the KVM backend
/// assembles it into a 64-bit long-mode image with the same behaviour (Rcuvisor.Kvm.Guest).
/// </summary>
public sealed record GuestProgram
{
    private GuestProgram(GuestProgramKind kind, int workIterations, long rings, int[] targets)
    {
        Kind = kind;
        WorkIterations = workIterations;
        Rings = rings;
        Targets = targets;
    }

    public GuestProgramKind Kind { get; }

    /// <summary>Doorbell: iterations of the work loop before each ring.</summary>
    public int WorkIterations { get; }

    /// <summary>Doorbell: rings per vCPU before it falls into the halt loop; 0 rings forever.</summary>
    public long Rings { get; }

    /// <summary>
    /// Doorbell: the target ids rung in turn, in guest memory. vCPU <c>id</c> starts at
    /// <c>Targets[id % Targets.Length]</c>. Untrusted: may name ids that do not exist.
    /// </summary>
    public IReadOnlyList<int> Targets { get; }

    public static GuestProgram Spin() => new(GuestProgramKind.Spin, 0, 0, []);

    public static GuestProgram Halt() => new(GuestProgramKind.Halt, 0, 0, []);

    public static GuestProgram Doorbell(int workIterations, IReadOnlyList<int> targets, long rings = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workIterations);
        ArgumentOutOfRangeException.ThrowIfNegative(rings);
        ArgumentNullException.ThrowIfNull(targets);
        if (targets.Count == 0)
            throw new ArgumentException("a doorbell guest needs at least one target id", nameof(targets));
        return new(GuestProgramKind.Doorbell, workIterations, rings, [.. targets]);
    }
}
