using System.Text.Json.Serialization;
using Rcuvisor.Workloads;

namespace Rcuvisor.Cli.Soak;

/// <summary>
/// What <c>rcuvisor soak --json</c> prints: the seed, and one entry per table soaked. Its shape
/// is docs/schemas/soak.schema.json; <see cref="SchemaVersion"/> changes when a field changes
/// meaning or goes away.
/// </summary>
internal sealed record SoakReport(int Seed, double Seconds, int MaxVcpus, bool Passed, bool Cancelled, IReadOnlyList<SoakTableReport> Tables)
{
    [JsonPropertyOrder(-1)]
    public int SchemaVersion => 1;
}
