using System.Runtime.CompilerServices;

namespace Rcuvisor.Rcu;

/// <summary>
/// A registered thread's quiescent-state announcer, from <see cref="QsbrThread.Reader"/>:
/// <see cref="QuiescentState"/> without the owner check, because a ref struct taken on the
/// owner thread cannot reach another one. Its fast path is liburcu's: load the domain's
/// counter, compare it with the thread's slot.
/// </summary>
/// <remarks>
/// A ref struct: it cannot be stored on the heap, captured, or carried across an
/// <c>await</c>. <see cref="QsbrThread.Reader"/> checks the owner once, so every later
/// call runs on that thread, and only the owner ever writes the slot.
/// </remarks>
public readonly ref struct QsbrThreadReader
{
    private readonly QsbrThread? _thread;   // the handle, for the checked path only
    private readonly QsbrDomain? _domain;   // the handle's domain and slot, copied so that the
    private readonly ReaderSlot? _slot;     // fast path loads them without going through it

    internal QsbrThreadReader(QsbrThread thread, QsbrDomain domain, ReaderSlot slot)
    {
        _thread = thread;
        _domain = domain;
        _slot = slot;
    }

    /// <summary>Announces that this thread holds no reference to protected data: <see cref="QsbrThread.QuiescentState"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void QuiescentState()
    {
        // Offline (0), unregistered (0) and closed (-1) never equal the counter, so every
        // misuse takes the checked path; so does a default reader (null domain).
        // The counter is a volatile load, so a polling loop reloads it; the slot is this
        // thread's own (only it writes the slot), so a plain load is exact.
        var domain = _domain;
        if (domain is not null && domain.CurrentCounter == _slot!.Counter.Value)
            return;
        Announce(_thread);
    }

    // Static, taking the handle: an instance call would take the reader's address, and the
    // caller's loop would keep its fields on the stack instead of in registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Announce(QsbrThread? thread)
    {
        if (thread is null)
            throw new GracePeriodMisuseException("A default QsbrThreadReader; take one with QsbrThread.Reader().");
        thread.AnnounceQuiescentState();
    }
}
