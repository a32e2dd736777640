using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Rcuvisor.Rcu.Interop;

namespace Rcuvisor.Rcu;

/// <summary>
/// The word a blocked grace period sleeps on and a reader wakes it through, as liburcu's
/// <c>gp.futex</c>: the writer arms it (-1) with a full fence, re-checks its readers and
/// sleeps while it stays armed; a reader that has just announced a quiescent state (QSBR)
/// loads it and, only when it is armed, disarms it and wakes the writer. The ordering that
/// makes a wake certain is the domain's (docs/rcu.md, QsbrDomain's "Waiting"); a missed wake
/// costs the sleep's backstop timeout, never a grace period ended early.
/// </summary>
/// <remarks>
/// The word lives in a one-element array on the pinned object heap, so the kernel can
/// key the futex on its address while the GC runs. Where futex(2) is unavailable (not
/// Linux on x64 or arm64) a sleep is <see cref="Thread.Sleep(TimeSpan)"/> for the backstop
/// and a wake only disarms. A futex wake costs a reader microseconds of system call once
/// per blocked grace period; <c>Monitor.Wait</c> and <c>PulseAll</c>, used before, took
/// 32 to 63 µs for a typical block on a 2-core VM, against 4 to 15 µs for the futex
/// (docs/rcu.md, QsbrDomain's "Waiting").
/// </remarks>
internal sealed unsafe class GracePeriodFutex
{
    private const int Armed = -1;
    private readonly int[] _word = GC.AllocateArray<int>(1, pinned: true);

    private ref int Word => ref MemoryMarshal.GetArrayDataReference(_word);

    private int* Address => (int*)Unsafe.AsPointer(ref Word); // pinned: the address never moves

    /// <summary>True while a writer is (about to be) asleep on the word.</summary>
    public bool IsArmed => Volatile.Read(ref Word) == Armed; // volatile: a polling test reloads it

    /// <summary>Readers' wakes performed (a disarm and a futex wake); for tests.</summary>
    internal long Wakes;

    /// <summary>Writer: arms the word. A full fence: the arming is visible before the writer re-reads any reader.</summary>
    public void Arm() => Interlocked.Exchange(ref Word, Armed);

    /// <summary>Writer: disarms the word once it stops waiting.</summary>
    // Volatile for a whole, visible store; no order needed: a reader still seeing -1 only makes a wake nobody waits for.
    public void Disarm() => Volatile.Write(ref Word, 0);

    /// <summary>
    /// Writer: sleeps while the word is armed, until a reader wakes it or <paramref name="backstop"/>
    /// passes. Returns at once if a reader disarmed it already; the caller re-checks its readers.
    /// </summary>
    public void Sleep(TimeSpan backstop)
    {
        if (Futex.IsAvailable)
            Futex.Wait(Address, Armed, backstop);
        else if (IsArmed)
            Thread.Sleep(backstop);
    }

    /// <summary>Reader: wakes a writer asleep on the word. Inlined: a load and a branch when none is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WakeIfArmed()
    {
        // Volatile so the load is not hoisted or dropped; its order after the slot store is the caller's full fence.
        if (Volatile.Read(ref Word) == Armed)
            Wake();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Wake()
    {
        // Only the reader that disarms it wakes: the others see 0 and go on (liburcu's wake_up_gp).
        if (Interlocked.CompareExchange(ref Word, 0, Armed) != Armed)
            return;
        Interlocked.Increment(ref Wakes);
        if (Futex.IsAvailable)
            Futex.WakeOne(Address);
    }
}
