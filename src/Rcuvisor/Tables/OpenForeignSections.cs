using Rcuvisor.Rcu;

namespace Rcuvisor.Tables;

/// <summary>
/// The read sections this thread's <see cref="ForeignView{T}"/> guards hold open, so that a
/// guard disposed twice through a copy is caught instead of unlocking twice. A ref struct
/// cannot leave its thread, so the section it opens ends on the thread that opened it, and
/// a per-thread stack of open tickets is enough: a dispose whose ticket is not open is the
/// second dispose of one guard.
/// </summary>
/// <remarks>
/// One object per thread, which a guard keeps beside its ticket, so opening a section is
/// one thread-static load and closing one none. Guards are almost always disposed in
/// nesting order (a <c>using</c> scope), so closing is a compare and a decrement at the top
/// of the stack; only an out-of-order dispose searches, and only a copy's dispose misses.
/// </remarks>
internal sealed class OpenForeignSections
{
    [ThreadStatic] private static OpenForeignSections? t_current;

    private long[] _open = new long[4]; // tickets of the open sections, in opening order
    private int _count;
    private long _next;

    /// <summary>This thread's open sections.</summary>
    public static OpenForeignSections Current => t_current ??= new OpenForeignSections();

    /// <summary>Opens a section; the guard keeps the ticket (never 0) and this object.</summary>
    public long Enter()
    {
        if (_count == _open.Length)
            Array.Resize(ref _open, 2 * _count);
        long ticket = ++_next;
        _open[_count++] = ticket;
        return ticket;
    }

    /// <summary>
    /// Closes the section <paramref name="ticket"/> opened; throws <see cref="GracePeriodMisuseException"/>
    /// if it is not open (a copy of its guard was disposed already), so the caller does not unlock again.
    /// </summary>
    public void Exit(long ticket)
    {
        int top = _count - 1;
        var open = _open;
        if ((uint)top < (uint)open.Length && open[top] == ticket)
            _count = top;
        else
            ExitOutOfOrder(ticket);
    }

    private void ExitOutOfOrder(long ticket)
    {
        for (int i = _count - 2; i >= 0; i--) // the top was checked already
        {
            if (_open[i] != ticket)
                continue;
            Array.Copy(_open, i + 1, _open, i, _count - i - 1);
            _count--;
            return;
        }
        throw new GracePeriodMisuseException(
            "A ForeignView was disposed twice (a copy of the guard was disposed already): its read section ended once, " +
            "and unlocking it again would let a grace period end under another reader. Dispose each guard exactly once.");
    }
}
