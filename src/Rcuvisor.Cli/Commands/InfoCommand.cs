using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rcuvisor.Cli.Info;
using Rcuvisor.Kvm;

namespace Rcuvisor.Cli.Commands;

/// <summary><c>rcuvisor info</c>: what this host offers the backends (KVM's facts or why it does not open), and the machine.</summary>
public sealed class InfoCommand : Command
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print one JSON document (kvm: facts or failure and reason; module; machine) instead of text.",
    };

    public InfoCommand()
        : base("info", "Show this host's KVM as --backend kvm would find it: /dev/kvm's API version, vCPU mmap size, "
            + "max vCPUs and vCPU id, the capabilities the backend uses and the kernel module (kvm_pvm, kvm_intel or kvm_amd); "
            + "or why /dev/kvm does not open (absent, permission denied, wrong API version). Then the machine's cores and runtime. "
            + "Exit code 0 either way: a host without KVM is information, not an error.")
    {
        Add(_json);
        SetAction(parseResult =>
        {
            var report = InfoReport.Detect();
            var output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(_json))
                output.WriteLine(JsonSerializer.Serialize(report, Json));
            else
                WriteText(report, output);
            return ExitCodes.Success;
        });
    }

    private static void WriteText(InfoReport report, TextWriter output)
    {
        if (report.Kvm.IsAvailable)
        {
            var facts = report.Kvm.Facts;
            output.WriteLine($"KVM: available ({report.Kvm.Reason}); --backend auto will use it.");
            Row(output, "device", facts.Path);
            Row(output, "API version", Number(facts.ApiVersion));
            Row(output, "vCPU mmap size", $"{Number(facts.VcpuMmapSize)} bytes");
            Row(output, "max vCPUs", Number(facts.MaxVcpus));
            Row(output, "max vCPU id", Number(facts.MaxVcpuId));
            Row(output, "capabilities", string.Join(", ",
                $"immediate-exit {YesNo(facts.ImmediateExit)}", $"irqchip {YesNo(facts.Irqchip)}", $"irqfd {YesNo(facts.Irqfd)}",
                $"user-memory {YesNo(facts.UserMemory)}", $"memslots {Number(facts.NrMemslots)}",
                $"sync-regs 0x{facts.SyncRegs.ToString("x", CultureInfo.InvariantCulture)}"));
            Row(output, "module", facts.IsKvmPvm
                ? $"{facts.Module} (guest kernel-mode code is emulated, ~1 M instructions/s: keep run's --work small)"
                : facts.Module);
        }
        else
        {
            output.WriteLine($"KVM: not available ({report.Kvm.Failure.ToString().ToLowerInvariant()}): {report.Kvm.Reason}");
            output.WriteLine("  --backend kvm is refused here; --backend auto uses sim (the simulated CPU).");
            Row(output, "module", report.Module);
        }
        var machine = report.Machine;
        output.WriteLine("Machine:");
        Row(output, "cores", Number(machine.Cores));
        Row(output, "CPU", machine.CpuModel + (machine.Virtualised ? " (itself a virtual machine: KVM here would be nested)" : ""));
        Row(output, "runtime", machine.Runtime);
        Row(output, "OS", machine.OperatingSystem);
    }

    private static void Row(TextWriter output, string name, string value) => output.WriteLine($"  {name,-16} {value}");

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string YesNo(bool value) => value ? "yes" : "no";
}
