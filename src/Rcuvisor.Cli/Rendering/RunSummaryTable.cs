using System.Globalization;
using Rcuvisor.Cli.Run;
using Rcuvisor.Workloads;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Rcuvisor.Cli.Rendering;

/// <summary>The table <c>rcuvisor run</c> prints at the end: totals, latencies, and the audit's verdict.</summary>
internal static class RunSummaryTable
{
    public static IRenderable Build(VmWorkloadResult result)
    {
        var s = result.Stats;
        string verdict = result.Passed ? "PASS" : "FAIL";
        var table = new Table()
            .Title($"run {TableNames.NameOf(s.Table)} on {result.Backend}: {verdict}{(result.Cancelled ? " (interrupted)" : "")}")
            .AddColumn("measure")
            .AddColumn(new TableColumn("value").RightAligned());
        Row(table, "elapsed (s)", result.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        Row(table, "vCPUs live / created / unplugged", $"{s.LiveVcpus:N0} / {s.VcpusCreated:N0} / {s.VcpusUnplugged:N0}");
        Row(table, "table count / capacity / bytes", $"{s.TableCount:N0} / {s.TableCapacity:N0} / {s.TableBytes:N0}");
        Row(table, "table growths", s.TableGrowths.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "exits io / halt / interrupted", $"{s.Vcpus.ExitsIo:N0} / {s.Vcpus.ExitsHalt:N0} / {s.Vcpus.ExitsInterrupted:N0}");
        Row(table, "interrupts sent", s.InterruptsSent.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "  delivered", s.InterruptsDelivered.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "  dropped (unplugged target)", $"{s.InterruptsDropped:N0} (doorbells {s.Vcpus.DoorbellsToUnplugged:N0}, signals {s.IrqDropped:N0}, queued at unplug {s.Vcpus.InterruptsAbandoned:N0})");
        Row(table, "  in flight at pause", s.InterruptsInFlight.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "delivered per second", result.DeliveredPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "guest-counted interrupts", result.Audit.GuestCountedInterrupts.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "irq signals / queued / dropped", $"{s.IrqSignals:N0} / {s.IrqQueued:N0} / {s.IrqDropped:N0}");
        Row(table, "guest errors (rings at ids not plugged)", s.Vcpus.GuestErrors.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "kicks (interrupting / waking)", $"{s.Vcpus.Kicks:N0} ({s.Vcpus.KickInterrupts:N0} / {s.Vcpus.Wakeups:N0})");
        Row(table, "requests raised / acknowledged", $"{s.Vcpus.RequestsRaised:N0} / {s.Vcpus.RequestsAcknowledged:N0}");
        Row(table, "CreateVcpu latency", s.CreateLatency.ToString());
        Row(table, "table growth (Add that grew)", s.GrowthLatency.ToString());
        Row(table, "DestroyVcpu latency", s.UnplugLatency.ToString());
        return table;
    }

    /// <summary>The audit's verdict under the table: what held, or each violation on its own line.</summary>
    public static IEnumerable<string> AuditLines(VmWorkloadResult result) =>
        result.Passed
            ? ["audit: PASS: sent = delivered + dropped + in flight; the guests counted every delivery; drops only at unplugged targets; every vCPU's view is the table's current one"]
            : ["audit: FAIL", .. result.Violations.Select(v => $"  {v}")];

    private static void Row(Table table, string measure, string value) =>
        table.AddRow(new Text(measure), new Text(value)); // Text, not markup: values may hold brackets
}
