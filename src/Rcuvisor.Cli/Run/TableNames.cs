using Rcuvisor.Tables;

namespace Rcuvisor.Cli.Run;

/// <summary>The command line's names for the table strategies.</summary>
internal static class TableNames
{
    private static readonly (string Name, VcpuTableStrategy Strategy)[] Pairs =
    [
        ("cached-move", VcpuTableStrategy.CachedMove),
        ("rcu-array", VcpuTableStrategy.RcuArray),
        ("radix", VcpuTableStrategy.RadixTree),
        ("fixed", VcpuTableStrategy.Fixed),
    ];

    public static IReadOnlyList<string> All { get; } = [.. Pairs.Select(p => p.Name)];

    public static VcpuTableStrategy Parse(string name) => Pairs.Single(p => p.Name == name).Strategy;

    public static string NameOf(VcpuTableStrategy strategy) => Pairs.Single(p => p.Strategy == strategy).Name;
}
