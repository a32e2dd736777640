namespace Rcuvisor.Backends.Simulated;

/// <summary>When the simulated CPU takes an injected interrupt relative to a pending kick.</summary>
public enum SimulatedEntryRules
{
    /// <summary>The model's entry is atomic: an injected interrupt is taken at the start of every run, even one a kick ends at once.</summary>
    Atomic,

    /// <summary>
    /// KVM's: a run that finds a kick pending returns before entry (<c>immediate_exit</c>), so
    /// the injected interrupt stays queued in the vCPU, untaken, until a later entry.
    /// </summary>
    Kvm,
}
