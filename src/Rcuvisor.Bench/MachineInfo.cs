using System.Runtime.InteropServices;

namespace Rcuvisor.Bench;

/// <summary>The machine a run measured, as the report's verdict states it.</summary>
/// <param name="Virtualised">The CPU reports the hypervisor flag: this host is itself a guest, so KVM here would be nested.</param>
internal sealed record MachineInfo(int Cores, string CpuModel, string Runtime, string OperatingSystem, bool KvmPresent, bool Virtualised)
{
    private const string CpuInfoPath = "/proc/cpuinfo";
    public const string KvmDevice = "/dev/kvm";

    public static MachineInfo Detect()
    {
        string[] cpuInfo = File.Exists(CpuInfoPath) ? File.ReadAllLines(CpuInfoPath) : [];
        return new MachineInfo(
            Environment.ProcessorCount,
            CpuInfoValue(cpuInfo, "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription,
            File.Exists(KvmDevice),
            (CpuInfoValue(cpuInfo, "flags") ?? "").Split(' ').Contains("hypervisor"));
    }

    public string Describe() =>
        $"{Cores} cores, {CpuModel}; {Runtime}; {OperatingSystem}; "
        + (KvmPresent ? $"KVM present ({KvmDevice})" : $"no KVM ({KvmDevice} absent)")
        + (Virtualised ? "; the host is itself a virtual machine (cpuinfo `hypervisor` flag), so KVM would be nested" : "");

    private static string? CpuInfoValue(string[] lines, string key) =>
        lines.Where(line => line.StartsWith(key, StringComparison.Ordinal))
            .Select(line => line.Split(':', 2))
            .Where(pair => pair.Length == 2 && pair[0].Trim() == key)
            .Select(pair => pair[1].Trim())
            .FirstOrDefault();
}
