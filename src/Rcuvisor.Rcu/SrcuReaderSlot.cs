namespace Rcuvisor.Rcu;

/// <summary>
/// One thread's counters in one <see cref="SrcuDomain"/>: the locks it took and the
/// unlocks it made, per index set. A section locked on one thread and unlocked on
/// another (after an <c>await</c>) counts its lock here and its unlock in the other
/// thread's slot: only the sums over all slots balance.
/// </summary>
internal sealed class SrcuReaderSlot(SrcuDomain domain, Thread owner)
{
    internal SrcuStripe Counts;

    public SrcuDomain Domain { get; } = domain;

    /// <summary>Kept to notice the thread's death: a dead owner's counts are final and get folded.</summary>
    public Thread Owner { get; } = owner;

    /// <summary>Set when the slot leaves its domain (folded, or the domain disposed): the thread drops it from its list.</summary>
    public bool Unregistered { get; set; }
}
