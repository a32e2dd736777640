using System.Text.Json.Serialization;
using Rcuvisor.Rcu.Torture;

namespace Rcuvisor.Cli.Torture;

/// <summary>
/// What <c>rcuvisor torture --json</c> prints: the options, and each domain's result.
/// Its shape is docs/schemas/torture.schema.json.
/// </summary>
internal sealed record TortureReport(
    double Seconds,
    int Readers,
    int FakeWriters,
    int MaxPipe,
    bool Passed,
    bool Cancelled,
    IReadOnlyList<TortureDomainReport> Domains)
{
    [JsonPropertyOrder(-1)]
    public int SchemaVersion => 1;

    public static TortureReport From(TortureOptions options, TortureSeriesOutcome outcome) => new(
        options.Duration.TotalSeconds,
        options.Readers,
        options.FakeWriters,
        options.MaxPipe,
        outcome.Passed,
        outcome.Cancelled,
        [.. outcome.Results.Select(TortureDomainReport.From)]);
}
