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
        Row(table, "vCPUs live / plugged / unplugged", $"{s.LiveVcpus:N0} / {s.VcpusPlugged:N0} / {s.VcpusUnplugged:N0}");
        Row(table, "table count / capacity / bytes", $"{s.TableCount:N0} / {s.TableCapacity:N0} / {s.TableBytes:N0}");
        long timedGrowths = s.GrowthLatency.Count; // only growths after the start are timed: before it no vCPU runs to move
        Row(table, "table growths (all; only those while running are timed)",
            $"{s.TableGrowths:N0} ({s.TableGrowths - timedGrowths:N0} before the start, {timedGrowths:N0} while running)");
        Row(table, "table shrinks (a quarter full after unplugs)", s.TableShrinks.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "table update rounds / waited for a doorbell lookup",
            $"{s.TableUpdateRounds:N0} / {s.TableRoundsThatWaited:N0} ({s.TableRoundWaitMs.ToString("0.0", CultureInfo.InvariantCulture)} ms in all)");
        Row(table, "exits io / halt / interrupted", $"{s.Vcpus.ExitsIo:N0} / {s.Vcpus.ExitsHalt:N0} / {s.Vcpus.ExitsInterrupted:N0}");
        Row(table, "interrupts sent", s.InterruptsSent.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "  delivered", s.InterruptsDelivered.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "  dropped (unplugged target)", $"{s.InterruptsDropped:N0} (doorbells {s.Vcpus.DoorbellsToUnplugged:N0}, signals {s.IrqDropped:N0}, queued at unplug {s.Vcpus.InterruptsAbandoned:N0})");
        Row(table, "  in flight at pause", s.InterruptsInFlight.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "delivered per second", result.DeliveredPerSecond.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "guest-counted interrupts", result.Audit.GuestCountedInterrupts.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "irq signals / queued / dropped", $"{s.IrqSignals:N0} / {s.IrqQueued:N0} / {s.IrqDropped:N0}");
        // The doorbell guest rings every id up to --hotplug-to from the start, so rings at ids not plugged
        // yet are expected in a passing run: the row says what they are rather than calling them errors.
        Row(table, "doorbells at ids not (yet) plugged in (absent target)", s.Vcpus.GuestErrorsAbsentTarget.ToString("N0", CultureInfo.InvariantCulture));
        Row(table, "guest I/O to no device (unknown port / unmapped MMIO)", $"{s.Vcpus.GuestErrorsUnknownPort:N0} / {s.Vcpus.GuestErrorsUnmappedMmio:N0}");
        // A kick either interrupts a vCPU in guest mode, wakes a blocked one, or finds it already
        // out and awake (nothing to do): the third part is the rest, so the parts add up.
        long kickedNothing = Math.Max(0, s.Vcpus.Kicks - s.Vcpus.KickInterrupts - s.Vcpus.Wakeups);
        Row(table, "kicks = interrupted guest + woke blocked + already out",
            $"{s.Vcpus.Kicks:N0} = {s.Vcpus.KickInterrupts:N0} + {s.Vcpus.Wakeups:N0} + {kickedNothing:N0}");
        Row(table, "requests raised / acknowledged", $"{s.Vcpus.RequestsRaised:N0} / {s.Vcpus.RequestsAcknowledged:N0}");
        Row(table, "plug latency (CreateVcpu)", s.PlugLatency.ToString());
        Row(table, "table growth latency (Adds that grew while running)", s.GrowthLatency.ToString());
        Row(table, "unplug latency (DestroyVcpu)", s.UnplugLatency.ToString());
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
