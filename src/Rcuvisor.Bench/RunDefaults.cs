using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>
/// <c>rcuvisor run</c>'s defaults, in one place: the command's options default to these, and
/// the bench's <see cref="RunDefaultsPlugCell"/> reproduces a run with them, so the two cannot drift.
/// </summary>
internal static class RunDefaults
{
    /// <summary>--table.</summary>
    public const VcpuTableStrategy Table = VcpuTableStrategy.CachedMove;

    /// <summary>--max-vcpus (lowered to the host's limits when not given).</summary>
    public const int MaxVcpus = 1024;

    /// <summary>--vcpus: created before the start.</summary>
    public const int Vcpus = 4;

    /// <summary>--hotplug-to (within --vcpus to --max-vcpus); --unplug defaults to half of it.</summary>
    public const int HotplugTo = 16;

    /// <summary>--irq-lines.</summary>
    public const int IrqLines = 4;

    /// <summary>--work: doorbell work-loop iterations before each ring.</summary>
    public const int Work = 1000;

    /// <summary>--seconds.</summary>
    public const int Seconds = 5;
}
