using System.Globalization;

namespace Rcuvisor.Bench;

/// <summary>
/// Reads rcu_bench's lines (<c>cell=memb.read_section.readers0 run=0 ns_per_op=0.88</c>)
/// into cells whose metric names are ours, one cell per name with every run as a repeat.
/// </summary>
internal static class LiburcuOutput
{
    public static IReadOnlyList<CellResult> Parse(string output, string subject)
    {
        var runs = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ')
                .Select(field => field.Split('=', 2))
                .Where(pair => pair.Length == 2)
                .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
            if (!fields.TryGetValue("cell", out var cell) || !fields.TryGetValue("ns_per_op", out var value))
                continue;
            if (!runs.TryGetValue(cell, out var list))
                runs[cell] = list = [];
            list.Add(double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        return [.. runs.Select(pair => ToCell(pair.Key, pair.Value, subject))];
    }

    /// <summary><c>flavour.name.readersN</c> to our metric and subject.</summary>
    private static CellResult ToCell(string cell, List<double> runs, string subject)
    {
        var parts = cell.Split('.');
        if (parts.Length != 3 || !parts[2].StartsWith("readers", StringComparison.Ordinal)
            || !int.TryParse(parts[2].AsSpan("readers".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int readers))
            throw new FormatException($"rcu_bench printed an unexpected cell name '{cell}'.");
        var (metric, cellSubject) = parts[1] switch
        {
            "empty_loop" => (GracePeriodFixture.ReadSection, LiburcuBaseline.EmptyLoopOf(subject)),
            "read_section" => (GracePeriodFixture.ReadSection, subject),
            "quiescent_state" => (GracePeriodFixture.QuiescentState, subject),
            "synchronize" => (GracePeriodFixture.Synchronize(readers), subject),
            _ => throw new FormatException($"rcu_bench printed an unknown measurement '{parts[1]}'."),
        };
        return new CellResult(LiburcuBaseline.Section, metric, cellSubject, null, "ns/op", runs);
    }
}
