namespace Rcuvisor.Tables;

/// <summary>How large a table may grow, and how large it starts.</summary>
public sealed record VcpuTableLimits
{
    /// <summary>Default maximum count and id bound for growable tables: 2^20.</summary>
    public const int DefaultMaximum = 1 << 20;

    /// <summary>Most indices the table hands out (KVM_MAX_VCPUS).</summary>
    public int MaxCount { get; init; } = DefaultMaximum;

    /// <summary>Ids are below this bound (KVM_MAX_VCPU_IDS is a bound in the same sense).</summary>
    public int MaxId { get; init; } = DefaultMaximum;

    /// <summary>Index slots a growable table allocates up front.</summary>
    public int InitialCapacity { get; init; } = 1;

    /// <summary>Up to 2^20 vCPUs and ids, one slot allocated up front.</summary>
    public static VcpuTableLimits Default { get; } = new();

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCount, 1, nameof(MaxCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxId, 1, nameof(MaxId));
        ArgumentOutOfRangeException.ThrowIfLessThan(InitialCapacity, 1, nameof(InitialCapacity));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(InitialCapacity, MaxCount, nameof(InitialCapacity));
    }
}
