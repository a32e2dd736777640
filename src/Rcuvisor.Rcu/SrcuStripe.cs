using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rcuvisor.Rcu;

/// <summary>
/// One processor's SRCU counters: locks and unlocks for each of the two index sets.
/// The four counters share a line (one processor writes them, mostly); stripes sit two
/// cache lines apart so processors never share one.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 2 * PaddedCounter.CacheLineBytes)]
internal struct SrcuStripe
{
    [FieldOffset(0)] private long _lock0;
    [FieldOffset(8)] private long _lock1;
    [FieldOffset(16)] private long _unlock0;
    [FieldOffset(24)] private long _unlock1;

    // Index is 0 or 1 (masked by the caller): Unsafe.Add stays inside the struct.
    [UnscopedRef]
    public ref long Locks(int index) => ref Unsafe.Add(ref _lock0, index);

    [UnscopedRef]
    public ref long Unlocks(int index) => ref Unsafe.Add(ref _unlock0, index);
}
