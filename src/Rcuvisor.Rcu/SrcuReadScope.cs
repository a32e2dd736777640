using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Rcuvisor.Rcu;

/// <summary>
/// An SRCU read section that begins and ends on one thread: <c>using var _ = srcu.Read();</c>.
/// A ref struct, so it can neither escape to the heap nor cross an <c>await</c>; its unlock
/// therefore runs on the thread whose counters took the lock, and counts straight into them,
/// without finding the thread's counters again or checking a token's domain. A section that
/// must end on another thread uses <see cref="SrcuDomain.ReadLock"/> and a token instead.
/// </summary>
/// <remarks>
/// As with <see cref="RcuReadScope"/>, disposing a copy as well as the original counts two
/// unlocks for one lock; the next grace period that sums more unlocks than locks reports it.
/// </remarks>
public readonly ref struct SrcuReadScope
{
    private readonly SrcuReaderSlot? _slot;
    private readonly int _index;

    internal SrcuReadScope(SrcuReaderSlot slot, int index)
    {
        _slot = slot;
        _index = index;
    }

    /// <summary>Leaves the section.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose()
    {
        var slot = _slot;
        if (slot is null)
            ThrowNeverEntered();
        ref long unlocks = ref slot.Counts.Unlocks(_index);
        // Release, as in ReadUnlock: the section's loads complete before the unlock can be
        // counted. Only this thread writes its slot, so the plain increment is exact.
        Volatile.Write(ref unlocks, unlocks + 1);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNeverEntered() =>
        throw new GracePeriodMisuseException("Disposed an SrcuReadScope that was never entered.");
}
