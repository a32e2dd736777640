using System.Text.Json.Serialization;

namespace Rcuvisor.Bench;

/// <summary>
/// One row of the targets table (report.md's first table, results.json's <c>targets</c>):
/// a figure of this run against the limit an issue set for it.
/// </summary>
/// <param name="Name">What is compared, stable across runs: scripts and the tests match on it.</param>
/// <param name="Issue">The issue that set the target.</param>
/// <param name="Measured">This run's figure in <paramref name="Unit"/>; null when the run did not measure it (liburcu missing, say).</param>
/// <param name="Target">The target as people write it: "≤ 1.5x liburcu memb", "≤ 2 ms".</param>
/// <param name="Limit">The target's number, in <paramref name="Unit"/>.</param>
/// <param name="Unit">"x" for a ratio of two cells of this run, else the cells' unit ("ns", "ms").</param>
/// <param name="Met">Whether <paramref name="Measured"/> is within <paramref name="Limit"/>; null when unmeasured.</param>
/// <param name="Note">Which cell decided a worst-of row, or why a row is not measured here.</param>
internal sealed record BenchTarget(
    string Name,
    int Issue,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Measured,
    string Target,
    double Limit,
    string Unit,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? Met,
    string? Note);
