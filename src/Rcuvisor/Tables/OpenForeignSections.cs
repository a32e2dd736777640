using Rcuvisor.Rcu;

namespace Rcuvisor.Tables;

/// <summary>
/// The read sections this thread's <see cref="ForeignView{T}"/> guards hold open, so that a
/// guard disposed twice through a copy is caught instead of unlocking twice. A ref struct
/// cannot leave its thread, so the section it opens ends on the thread that opened it, and
/// a per-thread list of open tickets is enough: a dispose whose ticket is not open is the
/// second dispose of one guard.
/// </summary>
internal static class OpenForeignSections
{
    [ThreadStatic] private static long[]? t_open; // tickets of the open sections, in opening order
    [ThreadStatic] private static int t_count;
    [ThreadStatic] private static long t_next;

    /// <summary>Opens a section; the guard keeps the ticket.</summary>
    public static long Enter()
    {
        var open = t_open ??= new long[4];
        if (t_count == open.Length)
            Array.Resize(ref t_open, 2 * t_count);
        long ticket = ++t_next;
        t_open![t_count++] = ticket;
        return ticket;
    }

    /// <summary>
    /// Closes the section <paramref name="ticket"/> opened; throws <see cref="GracePeriodMisuseException"/>
    /// if it is not open (a copy of its guard was disposed already), so the caller does not unlock again.
    /// </summary>
    public static void Exit(long ticket)
    {
        var open = t_open;
        for (int i = t_count - 1; i >= 0; i--) // the innermost first: guards are almost always disposed in nesting order
        {
            if (open![i] != ticket)
                continue;
            Array.Copy(open, i + 1, open, i, t_count - i - 1);
            t_count--;
            return;
        }
        throw new GracePeriodMisuseException(
            "A ForeignView was disposed twice (a copy of the guard was disposed already): its read section ended once, " +
            "and unlocking it again would let a grace period end under another reader. Dispose each guard exactly once.");
    }
}
