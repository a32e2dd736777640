using Rcuvisor.Execution;

namespace Rcuvisor;

/// <summary>
/// Who belongs to a VM at one moment: published whole, through one volatile field, by the
/// control path after each change, so readers on any thread (a vCPU's exit handler
/// included) read a consistent set with no lock. Immutable.
/// </summary>
internal sealed record VmMembers
{
    public static VmMembers Empty { get; } = new();

    /// <summary>The live vCPUs, in id order.</summary>
    public Vcpu[] Live { get; init; } = [];

    /// <summary>Unplugged vCPUs' counters, final when their threads stopped.</summary>
    public VcpuStatsSnapshot Unplugged { get; init; }

    public IrqLine[] Lines { get; init; } = [];

    /// <summary>The table's footprint after the last change (reading it live takes the table's writer lock).</summary>
    public long TableBytes { get; init; }

    public VmMembers WithLive(Vcpu[] live) => this with { Live = live };

    public VmMembers Plus(Vcpu vcpu) => WithLive([.. Live.Append(vcpu).OrderBy(v => v.Id)]);

    public VmMembers Minus(Vcpu vcpu, VcpuStatsSnapshot finalStats) =>
        this with { Live = [.. Live.Where(v => v != vcpu)], Unplugged = Unplugged + finalStats };
}
