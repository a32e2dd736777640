using System.Diagnostics;

namespace Rcuvisor.Tables;

/// <summary>
/// The views a table's writer must bring along: attach, detach, and the update round
/// (ask every view, then wait for each; two loops, so participants move in parallel).
/// Every member is used under the table's writer lock, which is this object.
/// </summary>
internal sealed class ParticipantSet<T> where T : class, ITableMember
{
    private OwnView<T>[] _views = [];
    private int _count;
    private long _round;
    private RoundWaits? _waits; // rounds in which some view was neither done nor quiescent at first look; null until one

    public int Count => _count;

    // The writer stores these under its lock with release; the VM's stats read them from any thread.
    public long Rounds => Volatile.Read(ref _round);

    public long RoundsThatWaited => Volatile.Read(ref _waits)?.Rounds ?? 0;

    public long WaitTicks => Volatile.Read(ref _waits)?.Ticks ?? 0;

    public long FootprintBytes =>
        ObjectSizes.Instance<ParticipantSet<T>>()
        + (_waits is null ? 0 : ObjectSizes.Instance<RoundWaits>())
        + (_views.Length == 0 ? 0 : ObjectSizes.ArrayOfReferences(_views.Length)) // [] is a shared empty array
        + _count * ObjectSizes.Instance<OwnView<T>>();

    /// <summary>
    /// Adds a view, which starts on the current state: every round begun so far counts as
    /// processed by it, so a round still finishing (deferred, docs/tables.md) never waits for it.
    /// </summary>
    public OwnView<T> Attach(OwnView<T> view)
    {
        view.StartAfterRound(_round);
        if (_count == _views.Length)
            Array.Resize(ref _views, Math.Max(4, 2 * _count));
        _views[_count++] = view;
        return view;
    }

    public bool Detach(OwnView<T> view)
    {
        int i = Array.IndexOf(_views, view, 0, _count);
        if (i < 0)
            return false;
        _views[i] = _views[--_count];
        _views[_count] = null!;
        view.MarkDetached();
        return true;
    }

    /// <summary>
    /// Asks every view to process an update round and waits until each has: a running
    /// participant acknowledges on its own thread; a parked one is updated here; one in
    /// its extended quiescent state (a vCPU in guest mode) is counted done, and moves
    /// when it leaves that state.
    /// The caller has already published whatever the round is about.
    /// </summary>
    public void UpdateAll()
    {
        long round = Begin();
        if (TryFinish(round))
            return;
        // Running and reading its view (a vCPU: inside a doorbell lookup): only its own
        // thread can finish the round, so a preempted one costs a scheduler turn.
        long waitStart = Stopwatch.GetTimestamp();
        var spin = new SpinWait();
        do
            spin.SpinOnce(); // yields, then sleeps: on 2 cores the participant needs the CPU
        while (!TryFinish(round));
        CountWait(Stopwatch.GetTimestamp() - waitStart);
    }

    /// <summary>
    /// (W3, W3b) Asks every view for a new round and returns its number, 0 when no view is
    /// attached (every round is then finished). The caller has already published what the
    /// round is about.
    /// </summary>
    public long Begin()
    {
        long round = Ask();
        if (round != 0)
            Barrier();
        return round;
    }

    /// <summary>(W3) <see cref="Begin"/> without its barrier: the caller runs <see cref="Barrier"/> before its first <see cref="TryFinish"/>.</summary>
    public long Ask()
    {
        if (_count == 0)
            return 0;
        long round = _round + 1;
        Volatile.Write(ref _round, round);
        foreach (var view in _views.AsSpan(0, _count))
            view.Request(round);
        return round;
    }

    /// <summary>
    /// (W3b) Every thread's store buffer drained and fenced: from here, a participant the
    /// writer sees in its extended quiescent state will see the rounds asked before this when
    /// it leaves that state, so it need not be waited for (docs/tables.md). Its side needs no
    /// fence of its own, as RCU's readers need none (Synchronize uses the same call). Any
    /// thread: the barrier is process-wide, and needs no lock.
    /// </summary>
    public static void Barrier() => Interlocked.MemoryBarrierProcessWide();

    /// <summary>
    /// (W4, one look) True once every attached view has processed <paramref name="round"/>,
    /// was updated here (parked), or is in its extended quiescent state; false while some
    /// view is still being read by its running owner. Never waits. A view attached after
    /// the round began starts with it acknowledged (<see cref="Attach"/>).
    /// </summary>
    public bool TryFinish(long round)
    {
        foreach (var view in _views.AsSpan(0, _count))
        {
            if (!view.TryComplete(round))
                return false;
        }
        return true;
    }

    /// <summary>A round waited <paramref name="ticks"/> for some participant's own thread.</summary>
    public void CountWait(long ticks) => Waits.Add(ticks);

    /// <summary>Retirements deferred until their round ends and not yet run (see <see cref="RoundWaits.RetirementsPending"/>).</summary>
    public int RetirementsPending
    {
        get => _waits?.RetirementsPending ?? 0;
        set => Waits.RetirementsPending = value;
    }

    /// <summary>Deferred removals whose index is not free yet (see <see cref="RoundWaits.RemovalsPending"/>).</summary>
    public int RemovalsPending
    {
        get => _waits?.RemovalsPending ?? 0;
        set => Waits.RemovalsPending = value;
    }

    private RoundWaits Waits
    {
        get
        {
            if (_waits is null)
                Volatile.Write(ref _waits, new RoundWaits()); // release: published whole
            return _waits;
        }
    }
}
