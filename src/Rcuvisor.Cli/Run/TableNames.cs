using Rcuvisor.Tables;

namespace Rcuvisor.Cli.Run;

/// <summary>The command line's names for the table strategies: the core's <see cref="VcpuTableStrategyNames"/>, so every output spells them alike.</summary>
internal static class TableNames
{
    public static IReadOnlyList<string> All => VcpuTableStrategyNames.All;

    /// <summary>Only for names the option's validator has accepted.</summary>
    public static VcpuTableStrategy Parse(string name) =>
        VcpuTableStrategyNames.TryParse(name, out var strategy) ? strategy : throw new ArgumentException($"unknown table '{name}'", nameof(name));

    public static string NameOf(VcpuTableStrategy strategy) => VcpuTableStrategyNames.NameOf(strategy);
}
