namespace Rcuvisor.Kvm;

/// <summary>Asks this host's KVM what it supports, without creating a VM.</summary>
public static class KvmProbe
{
    /// <summary>Where the kernel lists loaded modules.</summary>
    public const string DefaultModuleRoot = "/sys/module";

    /// <summary>Opens <paramref name="devicePath"/> and reads the facts, or says why it cannot.</summary>
    public static KvmProbeResult Probe(string devicePath = KvmSystem.DefaultPath, string moduleRoot = DefaultModuleRoot)
    {
        if (!KvmSystem.TryOpen(devicePath, out KvmSystem? kvm, out KvmOpenFailure failure, out string reason))
        {
            return new KvmProbeResult(null, failure, reason);
        }
        using (kvm)
        {
            var facts = new KvmHostFacts(
                devicePath,
                kvm.ApiVersion,
                kvm.VcpuMmapSize,
                kvm.MaxVcpus,
                kvm.MaxVcpuId,
                kvm.CheckExtension(KvmCap.ImmediateExit) > 0,
                kvm.CheckExtension(KvmCap.Irqchip) > 0,
                kvm.CheckExtension(KvmCap.Irqfd) > 0,
                kvm.CheckExtension(KvmCap.UserMemory) > 0,
                kvm.CheckExtension(KvmCap.NrMemslots),
                kvm.CheckExtension(KvmCap.SyncRegs),
                ModuleName(moduleRoot));
            return new KvmProbeResult(facts, KvmOpenFailure.None, reason);
        }
    }

    /// <summary>kvm_pvm if loaded (it is the one in use where present), else kvm_intel or kvm_amd, else "unknown".</summary>
    public static string ModuleName(string moduleRoot = DefaultModuleRoot)
    {
        foreach (string module in (ReadOnlySpan<string>)["kvm_pvm", "kvm_intel", "kvm_amd"])
        {
            if (Directory.Exists(Path.Combine(moduleRoot, module)))
            {
                return module;
            }
        }
        return "unknown";
    }
}
