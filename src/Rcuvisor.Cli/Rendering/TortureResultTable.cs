using Rcuvisor.Rcu.Torture;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>One domain's torture result as a two-column table: counts, then the pipe-count histogram.</summary>
internal static class TortureResultTable
{
    public const string Pass = "PASS";
    public const string Fail = "FAIL";

    public static Table Build(TortureResult result, bool cancelled)
    {
        string verdict = result.Passed ? Pass : Fail;
        var table = new Table { Title = new TableTitle(Markup.Escape($"torture {result.Domain}: {verdict}")) }
            .AddColumn("measure")
            .AddColumn(new TableColumn("value").RightAligned());
        double seconds = Math.Max(result.Elapsed.TotalSeconds, double.Epsilon);
        table.AddRow("domain", result.Domain);
        table.AddRow("elapsed", $"{result.Elapsed.TotalSeconds:0.00} s{(cancelled ? " (interrupted)" : "")}");
        table.AddRow("grace periods", $"{result.GracePeriods:N0}");
        table.AddRow("reads", $"{result.Reads:N0}");
        table.AddRow("reads/s", $"{result.Reads / seconds:N0}");
        AddHistogram(table, result.PipeHistogram);
        table.AddRow("freed reads", $"{result.FreedReads:N0}");
        table.AddRow("deferred frees", $"{result.DeferredFrees:N0}");
        table.AddRow("violations", $"{result.Violations:N0}");
        table.AddRow("result", verdict);
        return table;
    }

    /// <summary>
    /// Bucket k counts reads that ended while their element was k grace periods old;
    /// only 0 and 1 may be non-zero. The last bucket also holds every older age.
    /// </summary>
    private static void AddHistogram(Table table, long[] histogram)
    {
        int last = histogram.Length - 1;
        for (int age = 0; age <= last; age++)
            table.AddRow($"pipe count {age}{(age == last ? "+" : "")}", $"{histogram[age]:N0}");
    }
}
