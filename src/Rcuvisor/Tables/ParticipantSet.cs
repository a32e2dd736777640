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
    private long _roundsThatWaited; // rounds in which some view was neither done nor quiescent at first look
    private long _waitTicks;        // Stopwatch ticks those rounds spent waiting

    public int Count => _count;

    // The writer stores these under its lock with release; the VM's stats read them from any thread.
    public long Rounds => Volatile.Read(ref _round);

    public long RoundsThatWaited => Volatile.Read(ref _roundsThatWaited);

    public long WaitTicks => Volatile.Read(ref _waitTicks);

    public long FootprintBytes =>
        ObjectSizes.Instance<ParticipantSet<T>>()
        + (_views.Length == 0 ? 0 : ObjectSizes.ArrayOfReferences(_views.Length)) // [] is a shared empty array
        + _count * ObjectSizes.Instance<OwnView<T>>();

    public OwnView<T> Attach(OwnView<T> view)
    {
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
        if (_count == 0)
            return;
        long round = _round + 1;
        Volatile.Write(ref _round, round);
        var views = _views.AsSpan(0, _count);
        foreach (var view in views)
            view.Request(round);
        // (W3b) Every thread's store buffer drained and fenced: from here, a participant
        // the writer sees in its extended quiescent state will see this round when it
        // leaves that state, so it need not be waited for (docs/tables.md). Its side needs
        // no fence of its own, as RCU's readers need none (Synchronize uses the same call).
        Interlocked.MemoryBarrierProcessWide();
        long waitStart = 0;
        foreach (var view in views)
        {
            if (view.TryComplete(round))
                continue;
            // Running and reading its view (a vCPU: inside a doorbell lookup): only its
            // own thread can finish the round, so a preempted one costs a scheduler turn.
            if (waitStart == 0)
                waitStart = Stopwatch.GetTimestamp();
            var spin = new SpinWait();
            do
                spin.SpinOnce(); // yields, then sleeps: on 2 cores the participant needs the CPU
            while (!view.TryComplete(round));
        }
        if (waitStart != 0)
        {
            Volatile.Write(ref _waitTicks, _waitTicks + (Stopwatch.GetTimestamp() - waitStart));
            Volatile.Write(ref _roundsThatWaited, _roundsThatWaited + 1);
        }
    }
}
