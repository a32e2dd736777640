namespace Rcuvisor.Bench;

/// <summary>What one <see cref="GatedBusyReaders"/> thread does, set up on that thread.</summary>
/// <param name="Section">One read section (QSBR: a quiescent state), repeated while the gate is open.</param>
/// <param name="Park">Before the thread blocks at the gate: a QSBR thread goes offline.</param>
/// <param name="Unpark">After it passes the gate: a QSBR thread comes back online.</param>
/// <param name="Exit">Before the thread ends, parked: a QSBR thread unregisters.</param>
internal sealed record BusyReader(Action Section, Action Park, Action Unpark, Action Exit)
{
    /// <summary>A reader with nothing to do around parking (RCU, SRCU: outside a section it holds nothing).</summary>
    public static BusyReader Plain(Action section) => new(section, () => { }, () => { }, () => { });
}
