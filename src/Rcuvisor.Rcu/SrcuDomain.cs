using System.Numerics;

namespace Rcuvisor.Rcu;

/// <summary>
/// Sleepable RCU after Linux's classic SRCU: a read lock counts itself in one of two
/// counter sets, striped per processor; the unlock counts in the same set (on any
/// processor, from any thread). A grace period waits until the inactive set drains,
/// flips the active index, and waits until the formerly active set drains: a set has
/// drained when its unlocks, summed first, equal its locks, summed after a fence.
/// </summary>
/// <remarks>
/// Read sections are not tied to threads (tokens cross <c>await</c>), so, as in the
/// kernel, a <c>Synchronize()</c> inside one's own read section cannot be detected
/// here: it deadlocks. Lock and unlock each cost one uncontended atomic increment,
/// which is also the full fence the algorithm needs on the read side.
/// </remarks>
public sealed class SrcuDomain : GracePeriodDomain
{
    private readonly SrcuStripe[] _stripes;
    private readonly int _stripeMask;
    private readonly SemaphoreSlim _gpGate = new(1, 1); // serialises grace periods, sync and async alike
    private int _index;          // the active counter set; flipped only under _gpGate
    private long _started;       // grace periods begun, under _gpGate
    private long _completed;     // grace periods ended, under _gpGate
    private bool _closed;

    /// <summary>Creates an SRCU domain with one counter stripe per processor (rounded up to a power of two), so concurrent read locks rarely share a cache line.</summary>
    public SrcuDomain(GracePeriodOptions? options = null) : base(options)
    {
        int stripes = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount));
        _stripes = new SrcuStripe[stripes];
        _stripeMask = stripes - 1;
    }

    /// <inheritdoc/>
    public override long GracePeriodsCompleted => Volatile.Read(ref _completed);

    /// <summary>Enters a read section; pass the token to <see cref="ReadUnlock"/>.</summary>
    public SrcuToken ReadLock()
    {
        if (Volatile.Read(ref _closed))
            ThrowDisposed();
        int index = Volatile.Read(ref _index) & 1;
        // Full fence (lock xadd): the count is visible before the section's loads;
        // pairs with the fence between the two sums in SetHasReaders.
        Interlocked.Increment(ref Stripe().Locks(index));
        return new SrcuToken(this, index);
    }

    /// <summary>Leaves the read section <paramref name="token"/> entered; any thread may call it.</summary>
    public void ReadUnlock(SrcuToken token)
    {
        if (token.Domain != this)
            ThrowForeignToken(token);
        // Full fence: the section's loads complete before the unlock is counted, so a
        // grace period that sees it may reclaim what they returned.
        Interlocked.Increment(ref Stripe().Unlocks(token.Index));
    }

    /// <inheritdoc/>
    public override void Synchronize()
    {
        ThrowIfDisposed();
        SynchronizeForReclaim();
    }

    /// <summary>As <see cref="Synchronize"/>, waiting without blocking a thread.</summary>
    public async Task SynchronizeAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        Interlocked.MemoryBarrier(); // our updates are ordered before reading _started
        long arrived = Volatile.Read(ref _started);
        await _gpGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_completed > arrived)
                return;
            _started++;
            await WaitUntilDrainedAsync(1 - _index, cancellationToken).ConfigureAwait(false);
            Flip();
            await WaitUntilDrainedAsync(1 - _index, cancellationToken).ConfigureAwait(false);
            Complete();
        }
        finally
        {
            _gpGate.Release();
        }
    }

    internal override void SynchronizeForReclaim()
    {
        Interlocked.MemoryBarrier(); // our updates are ordered before reading _started
        long arrived = Volatile.Read(ref _started);
        _gpGate.Wait();
        try
        {
            if (_completed > arrived)
                return; // a whole grace period began after we arrived and has ended
            _started++;
            // First the inactive set: readers that fetched the index before the previous
            // flip but counted themselves after its wait. Then flip, and drain the old set.
            WaitUntilDrained(1 - _index);
            Flip();
            WaitUntilDrained(1 - _index);
            Complete();
        }
        finally
        {
            _gpGate.Release();
        }
    }

    private void Flip()
    {
        Interlocked.MemoryBarrier(); // the drained set's check happens before new readers can use it
        Volatile.Write(ref _index, 1 - _index);
        Interlocked.MemoryBarrier(); // readers arriving after this see the new index
    }

    private void Complete()
    {
        Interlocked.MemoryBarrier(); // readers' unlocks are ordered before the caller reclaims
        Volatile.Write(ref _completed, _started);
    }

    private void WaitUntilDrained(int index)
    {
        var wait = new GracePeriodWait();
        while (SetHasReaders(index))
            wait.Pause();
    }

    private async ValueTask WaitUntilDrainedAsync(int index, CancellationToken cancellationToken)
    {
        var wait = new GracePeriodWait();
        while (SetHasReaders(index))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await wait.PauseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Unlocks are summed before locks, with a fence between: an unlock we count had its
    /// lock counted earlier, so equal sums mean no reader of this set is inside, except
    /// one whose lock we missed, and that reader's fence (in ReadLock) orders its loads
    /// after our caller's updates.
    /// </summary>
    private bool SetHasReaders(int index)
    {
        long unlocks = 0;
        foreach (ref var stripe in _stripes.AsSpan())
            unlocks += Volatile.Read(ref stripe.Unlocks(index));
        Interlocked.MemoryBarrier();
        long locks = 0;
        foreach (ref var stripe in _stripes.AsSpan())
            locks += Volatile.Read(ref stripe.Locks(index));
        if (unlocks > locks)
            throw new GracePeriodMisuseException(
                $"SRCU domain '{Name}' counted {unlocks} unlocks for {locks} locks in set {index}: a token was unlocked twice.");
        return locks != unlocks;
    }

    private ref SrcuStripe Stripe() => ref _stripes[Thread.GetCurrentProcessorId() & _stripeMask];

    /// <inheritdoc/>
    protected override void OnDisposed() => Volatile.Write(ref _closed, true);

    private void ThrowDisposed() => throw new ObjectDisposedException(Name, "ReadLock() on a disposed SrcuDomain.");

    private void ThrowForeignToken(SrcuToken token) => throw new GracePeriodMisuseException(
        token.Domain is null
            ? $"ReadUnlock on SRCU domain '{Name}' with a default token that no ReadLock returned."
            : $"ReadUnlock on SRCU domain '{Name}' with a token of domain '{token.Domain.Name}'.");
}
