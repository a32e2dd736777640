namespace Rcuvisor.Bench;

/// <summary>What the liburcu baseline produced: its cells, or why it was skipped.</summary>
/// <param name="BuildCommands">The cc lines it built with, for the report's method note.</param>
internal sealed record LiburcuOutcome(IReadOnlyList<CellResult> Cells, string? SkipReason, IReadOnlyList<string> BuildCommands)
{
    public static LiburcuOutcome Skipped(string reason) => new([], reason, []);
}
