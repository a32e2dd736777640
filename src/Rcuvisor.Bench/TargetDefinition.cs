namespace Rcuvisor.Bench;

/// <summary>
/// How one target row is computed: its name and limit, and the figure it reads from a run's
/// cells (null when the run lacks them). <see cref="AtLeast"/> rows are throughputs, met at or
/// above the limit; the others are costs, met at or below it.
/// </summary>
internal sealed record TargetDefinition(int Issue, string Name, string Target, double Limit, string Unit, Func<BenchResults, TargetReading?> Read)
{
    public bool AtLeast { get; init; }

    /// <summary>Said of a row whose cells this run did not measure.</summary>
    public string? Unmeasured { get; init; }

    /// <summary>The row for <paramref name="results"/>: measured and met, or both null when its cells are missing.</summary>
    public BenchTarget Evaluate(BenchResults results)
    {
        var reading = Read(results);
        if (reading is not { Value: var value } || !double.IsFinite(value))
            return new BenchTarget(Name, Issue, null, Target, Limit, Unit, null, Unmeasured ?? "not measured by this run");
        bool met = AtLeast ? value >= Limit : value <= Limit;
        return new BenchTarget(Name, Issue, value, Target, Limit, Unit, met, reading.Note);
    }
}
