using System.Globalization;

namespace Rcuvisor.Bench;

/// <summary>
/// Reads rcu_bench's lines (<c>cell=memb.read_section.readers0 run=0 ns_per_op=0.88</c>;
/// the readers-and-updater runs <c>cell=memb.readers_updater.readers2 run=0 reads_per_s=… updates_per_s=…</c>)
/// into cells whose metric names are ours, one cell per name and figure with every run as a repeat.
/// </summary>
internal static class LiburcuOutput
{
    // The figures a line may carry, and the unit of the cells they become.
    private static readonly (string Field, string Unit)[] Values =
    [
        ("ns_per_op", "ns/op"),
        ("reads_per_s", ReadersUpdaterCells.ReadsUnit),
        ("updates_per_s", ReadersUpdaterCells.UpdatesUnit),
    ];

    public static IReadOnlyList<CellResult> Parse(string output, string subject)
    {
        var runs = new Dictionary<(string Cell, string Field), List<double>>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ')
                .Select(field => field.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
            if (!fields.TryGetValue("cell", out var cell))
                continue;
            foreach (var (field, _) in Values)
            {
                if (!fields.TryGetValue(field, out var value))
                    continue;
                if (!runs.TryGetValue((cell, field), out var list))
                    runs[(cell, field)] = list = [];
                list.Add(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
        }
        return [.. runs.Select(pair => ToCell(pair.Key.Cell, pair.Key.Field, pair.Value, subject))];
    }

    /// <summary><c>flavour.name.readersN</c> and the figure's field to our metric, subject and unit.</summary>
    private static CellResult ToCell(string cell, string field, List<double> runs, string subject)
    {
        var parts = cell.Split('.');
        if (parts.Length != 3 || !parts[2].StartsWith("readers", StringComparison.Ordinal)
            || !int.TryParse(parts[2].AsSpan("readers".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int readers))
            throw new FormatException($"rcu_bench printed an unexpected cell name '{cell}'.");
        var (metric, cellSubject) = (parts[1], field) switch
        {
            ("empty_loop", "ns_per_op") => (GracePeriodFixture.ReadSection, LiburcuBaseline.EmptyLoopOf(subject)),
            ("read_section", "ns_per_op") => (GracePeriodFixture.ReadSection, subject),
            ("quiescent_state", "ns_per_op") => (GracePeriodFixture.QuiescentState, subject),
            ("synchronize", "ns_per_op") => (GracePeriodFixture.Synchronize(readers), subject),
            ("synchronize_busy", "ns_per_op") => (GracePeriodFixture.SynchronizeBusy(readers), subject),
            ("readers_updater", "reads_per_s") => (ReadersUpdaterCells.Reads(readers), subject),
            ("readers_updater", "updates_per_s") => (ReadersUpdaterCells.Updates(readers), subject),
            _ => throw new FormatException($"rcu_bench printed an unknown measurement '{parts[1]}' with {field}."),
        };
        return new CellResult(LiburcuBaseline.Section, metric, cellSubject, null, Values.Single(v => v.Field == field).Unit, runs);
    }
}
