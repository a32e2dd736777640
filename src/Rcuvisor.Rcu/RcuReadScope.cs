using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Rcuvisor.Rcu;

/// <summary>
/// An RCU read section: <c>using var _ = domain.Read();</c>. A ref struct, so it can
/// neither escape to the heap nor cross an <c>await</c> (which could resume on another
/// thread and leave this thread's slot marked active).
/// </summary>
public readonly ref struct RcuReadScope
{
    private readonly ReaderSlot? _slot;

    internal RcuReadScope(ReaderSlot slot) => _slot = slot;

    /// <summary>Leaves the section (or one level of a nested one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Dispose()
    {
        var slot = _slot;
        if (slot is null)
            ThrowNeverEntered();
        long counter = slot.Counter.Value; // only this thread writes it: a plain load is exact
        if ((counter & RcuDomain.NestMask) == 0)
            RcuDomain.ThrowUnbalanced(slot);
        // Release: every load of the section completes before the scanner can see this
        // thread quiescent; pairs with the membarrier that ends RcuDomain.Synchronize.
        Volatile.Write(ref slot.Counter.Value, counter - 1);
    }

    [DoesNotReturn]
    private static void ThrowNeverEntered() =>
        throw new GracePeriodMisuseException("Disposed an RcuReadScope that was never entered.");
}
