using System.Diagnostics.CodeAnalysis;

namespace Rcuvisor.Kvm;

/// <summary>What <see cref="KvmProbe.Probe"/> found: the host's facts, or why KVM does not open.</summary>
/// <param name="Facts">The facts, when KVM opened.</param>
/// <param name="Failure">Why it did not open (<see cref="KvmOpenFailure.None"/> when it did).</param>
/// <param name="Reason">One sentence: what opened, or precisely why not.</param>
public sealed record KvmProbeResult(KvmHostFacts? Facts, KvmOpenFailure Failure, string Reason)
{
    /// <summary>True when KVM opened and <see cref="Facts"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Facts))]
    public bool IsAvailable => Facts is not null;
}
