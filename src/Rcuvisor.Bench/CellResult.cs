using System.Text.Json.Serialization;

namespace Rcuvisor.Bench;

/// <summary>
/// One measured cell with every repeat: what results.json holds and the report reads.
/// A timed cell's repeats are per-operation figures in <see cref="Unit"/>; a computed
/// one (memory) has a single repeat.
/// </summary>
/// <param name="Section">Which part of the matrix: execution-path, memory, grace-periods, liburcu.</param>
/// <param name="Metric">What was done: Get, GetById, Enumerate, ReadSection, Synchronize...</param>
/// <param name="Subject">Who did it: a strategy and view ("CachedMove/own"), a baseline, a domain.</param>
/// <param name="Size">The cell's size parameter (vCPUs, or a table maximum), when it has one.</param>
internal sealed record CellResult(string Section, string Metric, string Subject, int? Size, string Unit, IReadOnlyList<double> Repeats)
{
    /// <summary>The backend (sim or kvm) whose VMs ran this cell; null for cells that run no guest.</summary>
    public string? Backend { get; init; }

    /// <summary>The VM each repeat built (its maxVcpus and guest); null for cells that run no VM.</summary>
    public BenchVmShape? Vm { get; init; }

    /// <summary>Nearest rank, as every percentile here (<see cref="Percentiles"/>): an observed repeat.</summary>
    [JsonPropertyOrder(1)]
    public double Median => Percentiles.Median(Repeats);

    [JsonPropertyOrder(2)]
    public double Min => Repeats.Min();

    [JsonPropertyOrder(3)]
    public double Max => Repeats.Max();
}
