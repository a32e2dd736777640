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

    /// <summary>Unplugged vCPUs whose threads may still run (told to stop): counted live, like <see cref="Live"/>.</summary>
    public Vcpu[] Retiring { get; init; } = [];

    /// <summary>Released unplugged vCPUs' counters, final: their threads had stopped.</summary>
    public VcpuStatsSnapshot Unplugged { get; init; }

    public IrqLine[] Lines { get; init; } = [];

    /// <summary>The table's footprint after the last change (reading it live takes the table's writer lock).</summary>
    public long TableBytes { get; init; }

    public VmMembers WithLive(Vcpu[] live) => this with { Live = live };

    public VmMembers Plus(Vcpu vcpu) => WithLive([.. Live.Append(vcpu).OrderBy(v => v.Id)]);

    /// <summary>Unplugged: out of <see cref="Live"/>, its counters still read live until <see cref="Release"/>.</summary>
    public VmMembers Retire(Vcpu vcpu) =>
        this with { Live = [.. Live.Where(v => v != vcpu)], Retiring = [.. Retiring, vcpu] };

    /// <summary>Its thread has stopped and its backend gone: its final counters join the unplugged totals.</summary>
    public VmMembers Release(Vcpu vcpu, VcpuStatsSnapshot finalStats) =>
        this with { Retiring = [.. Retiring.Where(v => v != vcpu)], Unplugged = Unplugged + finalStats };
}
