using System.Globalization;
using Rcuvisor.Cli.Run;
using Rcuvisor.Cli.Soak;
using Rcuvisor.Workloads;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>How <c>rcuvisor soak</c> shows itself: the seed and plan, a progress line per table, then a summary per table.</summary>
internal sealed class SoakDisplay(TextWriter output) : CommandDisplay(output)
{
    public static SoakDisplay For(TextWriter output) => new(output);

    public void ShowPlan(int seed, IReadOnlyList<string> tables, TimeSpan each, int maxVcpus) =>
        Console.WriteLine(
            $"soak: seed {seed} (rerun with --seed {seed}); tables {string.Join(", ", tables)}, {each.TotalSeconds:0.###} s each; "
            + $"up to {maxVcpus} vCPUs on sim");

    public SoakResult Track(string table, Func<IProgress<SoakProgress>, SoakResult> run) =>
        Progress.Track($"soak {table}: starting", (SoakProgress p) => Format(table, p), run);

    public void ShowResult(SoakResult result)
    {
        var s = result.Stats;
        string table = TableNames.NameOf(s.Table);
        var summary = new Table()
            .Title($"soak {table}, seed {result.Seed}: {(result.Passed ? "PASS" : "FAIL")}{(result.Cancelled ? " (interrupted)" : "")}")
            .AddColumn("measure")
            .AddColumn(new TableColumn("value").RightAligned());
        Row(summary, "elapsed (s)", result.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        Row(summary, "steps", result.Steps.ToString("N0", CultureInfo.InvariantCulture));
        foreach (var (kind, count) in result.Operations)
            Row(summary, $"  {SoakNames.Of(kind)}", count.ToString("N0", CultureInfo.InvariantCulture));
        Row(summary, "audits passed", result.AuditsPassed.ToString("N0", CultureInfo.InvariantCulture));
        Row(summary, "vCPUs live / plugged / unplugged", $"{s.LiveVcpus:N0} / {s.VcpusPlugged:N0} / {s.VcpusUnplugged:N0}");
        Row(summary, "table growths", s.TableGrowths.ToString("N0", CultureInfo.InvariantCulture));
        Row(summary, "interrupts sent", s.InterruptsSent.ToString("N0", CultureInfo.InvariantCulture));
        Row(summary, "  delivered", s.InterruptsDelivered.ToString("N0", CultureInfo.InvariantCulture));
        Row(summary, "  dropped (unplugged target)", s.InterruptsDropped.ToString("N0", CultureInfo.InvariantCulture));
        Row(summary, "  in flight at the end", s.InterruptsInFlight.ToString("N0", CultureInfo.InvariantCulture));
        Row(summary, "storm signals", result.StormSignals.ToString("N0", CultureInfo.InvariantCulture));
        Console.Write(summary);
        if (result.Failure is { } failure)
            Console.WriteLine($"soak {table}: FAIL at {failure} (seed {result.Seed}; rerun with --seed {result.Seed} --table {table})");
        else
            Console.WriteLine($"soak {table}: PASS, {result.AuditsPassed} audits");
    }

    private static void Row(Table table, string measure, string value) =>
        table.AddRow(Markup.Escape(measure), Markup.Escape(value));

    private static string Format(string table, SoakProgress p) =>
        $"soak {table}: {p.Elapsed.TotalSeconds,5:0.0}/{p.Duration.TotalSeconds:0} s  steps {p.Steps:N0}  audits {p.AuditsPassed:N0}"
        + $"  vCPUs {p.Stats.LiveVcpus:N0}  delivered {p.Stats.InterruptsDelivered:N0}  dropped {p.Stats.InterruptsDropped:N0}";
}
