using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Rcuvisor.Rcu;

/// <summary>
/// Userspace RCU in liburcu's "memb" flavour. A read section stores the domain's
/// grace-period counter into the thread's own padded slot: no atomic instruction and
/// no fence on the read side. <see cref="Synchronize"/> pays instead, with a
/// process-wide memory barrier (membarrier) that forces a full fence on every thread
/// that is running, so a reader's "store my slot, then load the pointer" is seen in
/// order by the writer's "store the pointer, then scan the slots".
/// </summary>
/// <remarks>
/// A slot holds 0 when the thread is outside any section; inside, the counter value
/// read at entry (its phase bit) plus the nesting depth in the low bits. A grace
/// period flips the phase twice and each time waits for every reader that still
/// holds the old phase. The ordering argument is in docs/rcu.md.
/// </remarks>
public sealed class RcuDomain : GracePeriodDomain
{
    internal const long NestMask = 0xFFFF_FFFFL; // nesting depth, low 32 bits
    private const long PhaseBit = 1L << 32;
    private const long OneReader = 1;              // the counter a reader copies already counts its first level
    private const long Closed = 0;                 // _counter after Dispose: a reader that copies it throws
    private const int ActiveAttempts = 100;        // checks of a slot before the writer sleeps (liburcu's RCU_QS_ACTIVE_ATTEMPTS)

    // The last slot this thread used, for any RcuDomain: one thread-static load and a
    // compare on the hot path; other domains take the slow path.
    [ThreadStatic]
    private static ReaderSlot? t_lastSlot;

    private readonly ReaderRegistry _registry = new();
    private readonly object _gpGate = new(); // serialises grace periods (slow path: a lock is simplest)
    private long _counter = OneReader;       // phase bit | OneReader; written only under _gpGate
    private long _started;                   // grace periods begun, written under _gpGate
    private long _completed;                 // grace periods ended, written under _gpGate

    /// <summary>Creates an RCU domain; any thread may read in it (<see cref="Read"/> registers the thread on first use).</summary>
    public RcuDomain(GracePeriodOptions? options = null) : base(options)
    {
    }

    /// <inheritdoc/>
    public override long GracePeriodsCompleted => Volatile.Read(ref _completed);

    /// <summary>Threads currently registered as readers (dead threads are pruned).</summary>
    public int RegisteredReaders => _registry.Count;

    /// <summary>
    /// Enters a read section (or one more level of a nested one). Inlined into the caller:
    /// a thread-static load, a compare, then <see cref="Enter"/>. A loop that reads many
    /// times can look its slot up once instead, with <see cref="ThreadReader"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public RcuReadScope Read()
    {
        var slot = t_lastSlot;
        if (slot is null || slot.Domain != this)
            slot = SlotOfCurrentThread();
        return Enter(slot);
    }

    /// <summary>
    /// The calling thread's reader in this domain, its slot looked up (and registered) once:
    /// <c>var reader = rcu.ThreadReader(); ... using (reader.Read()) { ... }</c>. A ref struct,
    /// so it stays on this thread; its <see cref="RcuThreadReader.Read"/> is <see cref="Read"/>
    /// without the thread-static lookup, which the JIT does not hoist out of every loop.
    /// </summary>
    public RcuThreadReader ThreadReader()
    {
        ThrowIfDisposed();
        return new RcuThreadReader(this, SlotOfCurrentThread()); // finds the slot, or registers one
    }

    /// <summary>
    /// Enters a read section on <paramref name="slot"/>, the calling thread's: on entry a
    /// store to the slot that is read back with an acquire load, which keeps the caller's
    /// protected loads after the store (the rule is in docs/rcu.md); the hardware side of
    /// that order is <see cref="Synchronize"/>'s membarrier.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal RcuReadScope Enter(ReaderSlot slot)
    {
        long counter = slot.Counter.Value; // only this thread writes it: a plain load is exact
        if ((counter & NestMask) != 0)
        {
            slot.Counter.Value = counter + 1; // nested: already protected, no ordering needed
            return new RcuReadScope(slot);
        }
        long gp = Volatile.Read(ref _counter);
        if (gp == Closed)
            ThrowDisposed();
        Volatile.Write(ref slot.Counter.Value, gp);
        // The compiler barrier (R1b in docs/rcu.md): an acquire load of the location just
        // stored. Single-thread consistency keeps the store before it, acquire keeps every
        // later load after it, and comparing the value keeps the load from being dropped.
        // A plain mov on x64: store forwarding answers it, no fence.
        if (Volatile.Read(ref slot.Counter.Value) != gp)
            ThrowSlotOverwritten(slot);
        return new RcuReadScope(slot);
    }

    /// <summary>True when the calling thread is inside a read section of this domain.</summary>
    public bool InReadSection
    {
        get
        {
            var slot = ThreadReaderSlots.Find(this);
            return slot is not null && (slot.Counter.Value & NestMask) != 0;
        }
    }

    /// <inheritdoc/>
    public override void Synchronize()
    {
        ThrowIfDisposed();
        if (InReadSection)
            throw new GracePeriodMisuseException(
                $"Synchronize() inside a read section of RCU domain '{Name}' would wait for itself.");
        SynchronizeForReclaim();
    }

    internal override void SynchronizeForReclaim()
    {
        // Full fence: our updates (the pointer we published) are ordered before reading
        // _started, so a grace period that began after this point covers them.
        Interlocked.MemoryBarrier();
        long arrived = Volatile.Read(ref _started);
        lock (_gpGate)
        {
            if (_completed > arrived)
                return; // a whole grace period began after we arrived and has ended: it is ours too
            _started++;
            RunGracePeriod();
            Volatile.Write(ref _completed, _started);
        }
    }

    private void RunGracePeriod()
    {
        // Pairs with the missing fence in Read(): every running reader executes a full
        // barrier, so a slot store it made before its protected loads is visible to the
        // scan, or those loads see what we published before this point.
        Interlocked.MemoryBarrierProcessWide();
        bool sawDeadReader = false;
        for (int flip = 0; flip < 2; flip++)
        {
            // Two flips: a reader may have loaded the counter just before a flip and
            // stored it just after our scan; the second flip and wait catch it.
            Volatile.Write(ref _counter, _counter ^ PhaseBit);
            Interlocked.MemoryBarrier(); // the flip is visible before we read any slot
            sawDeadReader |= WaitForOldPhaseReaders();
        }
        // Pairs with RcuReadScope.Dispose's release store: the readers we waited for have
        // finished their loads before the caller reclaims anything.
        Interlocked.MemoryBarrierProcessWide();
        if (sawDeadReader)
            _registry.PruneDead();
    }

    private bool WaitForOldPhaseReaders()
    {
        bool sawDead = false;
        long current = _counter;
        foreach (var slot in _registry.Snapshot())
        {
            // A few active attempts, as liburcu memb's wait_for_readers (pause, never yield: a
            // yield hands the CPU to a busy reader for its whole time slice), then sleep a
            // millisecond at a time. Not woken by the reader's exit, as liburcu's is: that
            // costs readers more than it gives writers here (docs/rcu.md, "Waiting").
            for (int attempt = 0; IsWaitedFor(slot, current, ref sawDead); attempt++)
            {
                if (attempt < ActiveAttempts)
                    Thread.SpinWait(8);
                else
                    Thread.Sleep(1);
            }
        }
        return sawDead;
    }

    /// <summary>True while the slot's reader is inside a section of the old phase and alive.</summary>
    private static bool IsWaitedFor(ReaderSlot slot, long current, ref bool sawDead)
    {
        if (!IsInOldPhase(Volatile.Read(ref slot.Counter.Value), current))
            return false;
        if (slot.Owner.IsAlive)
            return true;
        sawDead = true; // died inside a section: it can read nothing more
        return false;
    }

    private static bool IsInOldPhase(long slotCounter, long current) =>
        (slotCounter & NestMask) != 0 && ((slotCounter ^ current) & PhaseBit) != 0;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ReaderSlot SlotOfCurrentThread()
    {
        var slot = ThreadReaderSlots.Find(this);
        if (slot is null)
        {
            ThrowIfDisposed();
            slot = new ReaderSlot(this, Thread.CurrentThread);
            _registry.Add(slot); // before the first store to the slot: see ReaderRegistry
            ThreadReaderSlots.Add(slot);
        }
        t_lastSlot = slot;
        return slot;
    }

    /// <inheritdoc/>
    protected override void OnDisposed()
    {
        lock (_gpGate)
            Volatile.Write(ref _counter, Closed);
        _registry.RemoveAll();
    }

    // The read side's throw helpers are not NoInlining: the JIT then inspects them, sees they
    // never return, and moves each call to a cold block with no value kept alive across it
    // (with NoInlining a reader loop's listing spilled the slot counter to the stack around them).
    [DoesNotReturn]
    internal static void ThrowUnbalanced(ReaderSlot slot) =>
        throw new GracePeriodMisuseException(
            $"Read section of '{slot.Domain.Name}' exited more often than entered (unbalanced scope).");

    [DoesNotReturn]
    private static void ThrowSlotOverwritten(ReaderSlot slot) =>
        throw new GracePeriodMisuseException(
            $"The read slot of '{slot.Domain.Name}' changed under its own thread: only its owner may write it.");

    [DoesNotReturn]
    private void ThrowDisposed() => throw new ObjectDisposedException(Name, "Read() on a disposed RcuDomain.");

    [DoesNotReturn]
    internal static void ThrowNoThreadReader() =>
        throw new GracePeriodMisuseException("Read() on a default RcuThreadReader; take one from RcuDomain.ThreadReader().");
}
