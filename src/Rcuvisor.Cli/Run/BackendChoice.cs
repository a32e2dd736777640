using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;

namespace Rcuvisor.Cli.Run;

/// <summary>
/// <c>--backend sim|kvm|auto</c> resolved to a hypervisor, with a note saying what was
/// picked and why. Until the KVM backend is built (issue 5), <c>kvm</c> is refused and
/// <c>auto</c> picks the simulated CPU, whatever /dev/kvm says.
/// </summary>
internal sealed record BackendChoice(IHypervisor? Hypervisor, string Note)
{
    public const string Auto = "auto";
    public const string Simulated = "sim";
    public const string Kvm = "kvm";

    public static IReadOnlyList<string> Names { get; } = [Auto, Simulated, Kvm];

    private static string KvmDevice => File.Exists("/dev/kvm") ? "/dev/kvm is present" : "/dev/kvm is absent on this machine";

    /// <summary>Null <see cref="Hypervisor"/> means the choice cannot run; <see cref="Note"/> says why.</summary>
    public static BackendChoice Resolve(string name) => name switch
    {
        Simulated => new(new SimulatedHypervisor(), "sim"),
        Auto => new(new SimulatedHypervisor(), $"sim (auto: the KVM backend is not built yet; {KvmDevice})"),
        _ => new(null, $"--backend {Kvm}: the KVM backend is not built yet (issue 5); {KvmDevice}. Use --backend sim or auto."),
    };
}
