using Rcuvisor.Cli.Run;
using Rcuvisor.Workloads;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>How <c>rcuvisor run</c> shows itself: the plan, a progress line, then the summary table and the audit.</summary>
internal sealed class RunDisplay(TextWriter output) : CommandDisplay(output)
{
    public static RunDisplay For(TextWriter output) => new(output);

    public void ShowPlan(VmWorkloadOptions options, string backendNote, string guest) =>
        Console.WriteLine(
            $"run: backend {backendNote}; table {TableNames.NameOf(options.Vm.Table)} (max {options.Vm.MaxVcpus} vCPUs); "
            + $"vCPUs {options.Vcpus} -> {options.HotplugTo}, unplug {options.Unplug}; {options.IrqLines} irq lines; "
            + $"guest {guest}; {options.Duration.TotalSeconds:0.###} s");

    public VmWorkloadResult Track(Func<IProgress<VmWorkloadProgress>, VmWorkloadResult> run) =>
        Progress.Track("run: starting", (VmWorkloadProgress p) => Format(p), run);

    public void ShowResult(VmWorkloadResult result)
    {
        Console.Write(RunSummaryTable.Build(result));
        foreach (string line in RunSummaryTable.AuditLines(result))
            Console.WriteLine(line);
    }

    private static string Format(VmWorkloadProgress p) =>
        $"run: {p.Elapsed.TotalSeconds,5:0.0}/{p.Duration.TotalSeconds:0} s  {p.Phase.ToString().ToLowerInvariant(),-10}"
        + $"  vCPUs {p.Stats.LiveVcpus:N0}  capacity {p.Stats.TableCapacity:N0}  growths {p.Stats.TableGrowths:N0}"
        + $"  delivered {p.Stats.InterruptsDelivered:N0}  dropped {p.Stats.InterruptsDropped:N0}";
}
