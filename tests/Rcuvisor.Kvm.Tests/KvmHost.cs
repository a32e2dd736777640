namespace Rcuvisor.Kvm.Tests;

/// <summary>Whether /dev/kvm opens here, and if not, KvmSystem.TryOpen's reason (KVM tests skip with it).</summary>
internal static class KvmHost
{
    private static readonly Lazy<(bool Available, string Reason)> Probe = new(() =>
    {
        bool opened = KvmSystem.TryOpen(out KvmSystem? kvm, out string reason);
        kvm?.Dispose();
        return (opened, reason);
    });

    public static bool Available => Probe.Value.Available;

    public static string SkipReason => $"no usable KVM here: {Probe.Value.Reason}";

    /// <summary>Skips the calling test, with the reason, where KVM does not open.</summary>
    public static void RequireKvm() => Assert.SkipUnless(Available, SkipReason);
}
