namespace Rcuvisor.Rcu;

/// <summary>
/// One thread's registration in one domain: the counter the thread writes on its read
/// side and the grace-period scanner reads. Only the owner thread writes it.
/// </summary>
internal sealed class ReaderSlot(GracePeriodDomain domain, Thread owner)
{
    internal PaddedCounter Counter;

    public GracePeriodDomain Domain { get; } = domain;

    /// <summary>Kept to notice the thread's death: a dead owner's slot is pruned.</summary>
    public Thread Owner { get; } = owner;

    /// <summary>Set when unregistered; the owner must look its slot up again.</summary>
    public bool Unregistered { get; set; }
}
