using Rcuvisor.Bench;
using Rcuvisor.Kvm;

namespace Rcuvisor.Cli.Info;

/// <summary>What <c>rcuvisor info --json</c> prints: the host's KVM as the probe found it, and the machine.</summary>
/// <param name="Kvm">The facts when /dev/kvm opened, else the failure kind and the reason.</param>
/// <param name="Module">The KVM kernel module loaded (kvm_pvm, kvm_intel, kvm_amd or unknown), read even when /dev/kvm does not open.</param>
/// <param name="Machine">Cores, CPU model, runtime and operating system.</param>
internal sealed record InfoReport(KvmProbeResult Kvm, string Module, MachineInfo Machine)
{
    /// <summary>Probes this host; never throws for a missing or closed /dev/kvm (that is the information).</summary>
    public static InfoReport Detect() => new(KvmProbe.Probe(), KvmProbe.ModuleName(), MachineInfo.Detect());
}
