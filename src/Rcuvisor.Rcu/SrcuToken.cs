namespace Rcuvisor.Rcu;

/// <summary>
/// Proof of an SRCU read lock, to hand back to <see cref="SrcuDomain.ReadUnlock"/>
/// (on any thread). Carries its domain so a token from another domain is refused.
/// </summary>
public readonly struct SrcuToken
{
    internal SrcuToken(SrcuDomain domain, int index)
    {
        Domain = domain;
        Index = index;
    }

    internal SrcuDomain? Domain { get; }

    /// <summary>Which of the two counter sets the lock was counted in (0 or 1).</summary>
    internal int Index { get; }
}
