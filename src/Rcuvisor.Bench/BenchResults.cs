using System.Text.Json.Serialization;

namespace Rcuvisor.Bench;

/// <summary>Everything one run measured: results.json is this, serialized; report.md is written from it.</summary>
internal sealed record BenchResults
{
    /// <summary>The shape of this document (docs/schemas/bench-results.schema.json); bumped when a field changes meaning or goes away.</summary>
    [JsonPropertyOrder(-1)]
    public int SchemaVersion => 1;

    public required DateTimeOffset StartedAt { get; init; }

    public required double ElapsedSeconds { get; init; }

    /// <summary>full, quick or tiny.</summary>
    public required string Matrix { get; init; }

    public required int Repeats { get; init; }

    public required double RunMilliseconds { get; init; }

    /// <summary>What --backend asked for.</summary>
    public required string BackendRequested { get; init; }

    /// <summary>What it resolved to (sim or kvm): the end-to-end and slow-path VMs ran on it; each of their cells names it too.</summary>
    public required string Backend { get; init; }

    public required MachineInfo Machine { get; init; }

    /// <summary>Issues 11 and 12's targets against this run's figures (<see cref="BenchTargets"/>); report.md's first table.</summary>
    public IReadOnlyList<BenchTarget> Targets { get; init; } = [];

    public required IReadOnlyList<CellResult> Cells { get; init; }

    public required IReadOnlyList<SectionNote> Notes { get; init; }

    public required IReadOnlyList<UnmeasuredSection> NotMeasured { get; init; }

    public IEnumerable<CellResult> InSection(string section) => Cells.Where(c => c.Section == section);

    /// <summary>The cell, or null when this run did not measure it.</summary>
    public CellResult? Find(string section, string metric, string subject, int? size = null) =>
        Cells.FirstOrDefault(c => c.Section == section && c.Metric == metric && c.Subject == subject && c.Size == size);

    /// <summary>The backend named by <paramref name="cells"/> (sim, kvm, or "sim and kvm" were they ever mixed), for headings and verdicts.</summary>
    public static string BackendOf(IEnumerable<CellResult> cells)
    {
        var names = cells.Select(c => c.Backend).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        return names.Length == 0 ? "no backend" : string.Join(" and ", names);
    }

    public IEnumerable<string> NotesOf(string section) => Notes.Where(n => n.Section == section).Select(n => n.Text);
}
