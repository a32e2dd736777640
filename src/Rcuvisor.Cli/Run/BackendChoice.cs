using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;
using Rcuvisor.Kvm.Backend;

namespace Rcuvisor.Cli.Run;

/// <summary>
/// <c>--backend sim|kvm|auto</c> resolved to a hypervisor, with a note saying what was
/// picked and why. <c>kvm</c> opens /dev/kvm or is refused with the reason it does not open;
/// <c>auto</c> takes KVM where it opens, else the simulated CPU, saying why.
/// The choice owns the hypervisor: dispose it after the run (KVM holds the /dev/kvm handle).
/// </summary>
internal sealed record BackendChoice(IHypervisor? Hypervisor, string Note) : IDisposable
{
    public const string Auto = "auto";
    public const string Simulated = "sim";
    public const string Kvm = "kvm";

    public static IReadOnlyList<string> Names { get; } = [Auto, Simulated, Kvm];

    /// <summary>The name of the backend that will run (sim or kvm), or null when the choice cannot run.</summary>
    public string? Name => Hypervisor?.Name;

    /// <summary>Null <see cref="Hypervisor"/> means the choice cannot run; <see cref="Note"/> says why.</summary>
    public static BackendChoice Resolve(string name)
    {
        if (name == Simulated)
            return new(new SimulatedHypervisor(), Simulated);
        if (KvmHypervisor.TryOpen(out var kvm, out string reason))
            return new(kvm, name == Auto ? $"{Kvm} (auto: {reason})" : Kvm);
        return name == Auto
            ? new(new SimulatedHypervisor(), $"{Simulated} (auto: KVM does not open: {reason})")
            : new(null, $"--backend {Kvm}: KVM does not open: {reason}. Use --backend {Simulated} (the simulated CPU) instead.");
    }

    public void Dispose() => (Hypervisor as IDisposable)?.Dispose();
}
