namespace Rcuvisor.Rcu.Torture;

/// <summary>
/// The object readers find through the published pointer. Its pipe count is its age in
/// grace periods since it was unpublished: 0 while published, 1 once replaced, then +1
/// after every grace period. A reader that sees 2 or more at the end of its section
/// held it across a whole grace period: the domain is broken.
/// </summary>
internal sealed class TortureElement : IDisposable, IPoisonable
{
    private int _pipeCount;
    private int _freed;

    public int PipeCount => Volatile.Read(ref _pipeCount);

    /// <summary>Set when the deferred free (Retire) ran: a reader that sees it read freed memory.</summary>
    public bool IsFreed => Volatile.Read(ref _freed) != 0;

    public void Age() => Volatile.Write(ref _pipeCount, _pipeCount + 1); // only the writer ages elements

    public void Dispose() => Volatile.Write(ref _freed, 1);

    public void Poison() => Volatile.Write(ref _freed, 1);
}
