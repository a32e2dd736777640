namespace Rcuvisor.Rcu.Torture;

/// <summary>
/// One reader thread's way into a flavour's read side. Made on the reader thread
/// (QSBR registers there) and disposed on it.
/// </summary>
public abstract class TortureReader : IDisposable
{
    /// <summary>Runs <paramref name="section"/> inside one read-side critical section.</summary>
    public abstract int Read(Func<int> section);

    /// <summary>Called between sections (QSBR announces its quiescent state here).</summary>
    public virtual void BetweenReads()
    {
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
