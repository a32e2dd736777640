namespace Rcuvisor.Tables;

/// <summary>
/// The one spelling of each table strategy outside C# (<c>cached-move</c>, <c>rcu-array</c>,
/// <c>radix</c>, <c>fixed</c>): the command line's <c>--table</c>, its JSON documents, bench
/// subjects and the <c>table</c> tag on the VM's metrics all use these, so a script can match
/// one against another.
/// </summary>
public static class VcpuTableStrategyNames
{
    private static readonly (string Name, VcpuTableStrategy Strategy)[] Pairs =
    [
        ("cached-move", VcpuTableStrategy.CachedMove),
        ("rcu-array", VcpuTableStrategy.RcuArray),
        ("radix", VcpuTableStrategy.RadixTree),
        ("fixed", VcpuTableStrategy.Fixed),
    ];

    /// <summary>Every name, the default (<c>cached-move</c>) first.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Pairs.Select(p => p.Name)];

    /// <summary>The strategy called <paramref name="name"/>; false for anything else.</summary>
    public static bool TryParse(string? name, out VcpuTableStrategy strategy)
    {
        foreach (var (n, s) in Pairs)
        {
            if (n == name)
            {
                strategy = s;
                return true;
            }
        }
        strategy = default;
        return false;
    }

    /// <summary>The name of <paramref name="strategy"/>; throws for a value outside the enum.</summary>
    public static string NameOf(VcpuTableStrategy strategy)
    {
        foreach (var (n, s) in Pairs)
        {
            if (s == strategy)
                return n;
        }
        throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "not a table strategy");
    }
}
