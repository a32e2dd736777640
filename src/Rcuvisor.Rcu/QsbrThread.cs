using System.Runtime.CompilerServices;

namespace Rcuvisor.Rcu;

/// <summary>
/// A thread's registration in a <see cref="QsbrDomain"/>. Between two calls of
/// <see cref="QuiescentState"/> the thread may hold references to protected data; a
/// grace period waits until every online thread has announced a quiescent state.
/// Use it only on the thread that registered; dispose it (on that thread) to leave.
/// </summary>
public sealed class QsbrThread : IDisposable
{
    private readonly QsbrDomain _domain;
    private readonly ReaderSlot _slot;
    private readonly int _ownerThreadId = Environment.CurrentManagedThreadId;

    internal QsbrThread(QsbrDomain domain, ReaderSlot slot)
    {
        _domain = domain;
        _slot = slot;
    }

    /// <summary>True between <see cref="Online"/> (or registration) and <see cref="Offline"/>: while online, grace periods wait for this thread's quiescent states.</summary>
    public bool IsOnline => Volatile.Read(ref _slot.Counter.Value) != QsbrDomain.OfflineValue;

    /// <summary>Announces that this thread holds no reference to protected data.</summary>
    /// <remarks>
    /// As liburcu's <c>quiescent_state</c>: when the slot already holds the domain's
    /// counter, no grace period is waiting for this thread and nothing is stored.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void QuiescentState()
    {
        // An offline slot (0) never equals the counter, nor does any slot once the domain
        // is closed: both, and a foreign thread, take the checked path.
        // The owner test compares Thread objects: Thread.CurrentThread is an inlined
        // thread-static load (first, so a caller's loop can hoist its TLS base), where
        // Environment.CurrentManagedThreadId is a call.
        var slot = _slot;
        if (Thread.CurrentThread == slot.Owner && _domain.CurrentCounter == slot.Counter.Value)
            return;
        AnnounceQuiescentState();
    }

    /// <summary>
    /// This thread's announcer: <see cref="QuiescentState"/> without the owner check, for a
    /// loop that announces often (a vCPU's run loop). Call on the registered thread.
    /// </summary>
    public QsbrThreadReader Reader()
    {
        ThrowIfNotOwner();
        return new QsbrThreadReader(this, _domain, _slot);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void AnnounceQuiescentState()
    {
        ThrowIfNotOwner();
        if (!IsOnline)
            throw new GracePeriodMisuseException("QuiescentState() on an offline QSBR thread; call Online() first.");
        _domain.Announce(_slot);
    }

    /// <summary>Leaves the domain's view before blocking: grace periods stop waiting for this thread.</summary>
    public void Offline()
    {
        ThrowIfNotOwner();
        _domain.GoOffline(_slot);
    }

    /// <summary>Rejoins after <see cref="Offline"/>; protected data may be read again.</summary>
    public void Online()
    {
        ThrowIfNotOwner();
        _domain.Announce(_slot);
    }

    /// <summary>Unregisters the thread: grace periods stop waiting for it. Call on the registered thread, outside any use of protected data.</summary>
    public void Dispose()
    {
        ThrowIfNotOwner();
        if (_slot.Unregistered)
            return;
        _domain.GoOffline(_slot);
        _domain.Unregister(_slot);
    }

    private void ThrowIfNotOwner()
    {
        if (Environment.CurrentManagedThreadId != _ownerThreadId)
            throw new GracePeriodMisuseException(
                $"QSBR handle of thread {_ownerThreadId} used on thread {Environment.CurrentManagedThreadId}.");
        if (_slot.Unregistered)
            throw new ObjectDisposedException(nameof(QsbrThread), "This thread has left the QSBR domain (or the domain was disposed).");
    }
}
