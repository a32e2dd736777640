using Rcuvisor.Kvm;

namespace Rcuvisor.Cli.Tests;

/// <summary>Whether this machine's /dev/kvm opens, probed once: the KVM tests run where it does and skip, saying why, where not.</summary>
internal static class KvmHost
{
    private static readonly Lazy<KvmProbeResult> Probed = new(() => KvmProbe.Probe());

    public static KvmProbeResult Probe => Probed.Value;

    public static bool Opens => Probe.IsAvailable;

    /// <summary>The skip message for a test that needs KVM.</summary>
    public static string NeedsKvm => $"needs a host where /dev/kvm opens; here: {Probe.Reason}";

    /// <summary>The skip message for a test of what happens without KVM.</summary>
    public static string NeedsNoKvm => $"checks the behaviour without KVM, but /dev/kvm opens here: {Probe.Reason}";
}
