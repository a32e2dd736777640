using Rcuvisor.Rcu;

namespace Rcuvisor.Tables;

/// <summary>
/// Table memory by strategy, member count and maximum: what docs/benchmarks.md's
/// "vCPU table memory" section reports (and what the CLI's bench can print).
/// </summary>
public static class TableFootprint
{
    /// <summary>
    /// Bytes of a table of <paramref name="strategy"/> with MaxCount = MaxId =
    /// <paramref name="maximum"/>, after adding <paramref name="members"/> members with ids
    /// 0..members-1 (growable tables start at capacity 1 and grow as a VM's would).
    /// </summary>
    public static long Measure(VcpuTableStrategy strategy, int members, int maximum)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(members);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(members, maximum);
        using var rcu = new RcuDomain(new GracePeriodOptions { Name = "footprint-rcu" });
        using var srcu = new SrcuDomain(new GracePeriodOptions { Name = "footprint-srcu" });
        var limits = new VcpuTableLimits { MaxCount = maximum, MaxId = maximum };
        using var table = VcpuTables.Create<FootprintProbe>(strategy, limits, rcu, srcu);
        for (int id = 0; id < members; id++)
            table.Add(new FootprintProbe(id));
        return table.FootprintBytes;
    }

    /// <summary>Rows of <see cref="Measure"/> for each strategy, count and maximum.</summary>
    public static IEnumerable<(VcpuTableStrategy Strategy, int Members, int Maximum, long Bytes)> MeasureAll(
        IReadOnlyList<int> memberCounts, IReadOnlyList<int> maxima)
    {
        foreach (var strategy in Enum.GetValues<VcpuTableStrategy>())
            foreach (int maximum in maxima)
                foreach (int members in memberCounts)
                    if (members <= maximum)
                        yield return (strategy, members, maximum, Measure(strategy, members, maximum));
    }

    private sealed class FootprintProbe(int id) : ITableMember
    {
        public int Id { get; } = id;
    }
}
