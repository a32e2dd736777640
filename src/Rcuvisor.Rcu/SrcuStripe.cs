using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rcuvisor.Rcu;

/// <summary>
/// One thread's SRCU counters: locks and unlocks for each of the two index sets, written
/// only by that thread (plain increments: no other writer), summed by grace periods. The
/// four counters share one line, in the middle of two, so neither the slot object's
/// header nor a neighbouring object shares it.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 2 * PaddedCounter.CacheLineBytes)]
internal struct SrcuStripe
{
    private const int Line = PaddedCounter.CacheLineBytes;

    [FieldOffset(Line)] private long _lock0;
    [FieldOffset(Line + 8)] private long _lock1;
    [FieldOffset(Line + 16)] private long _unlock0;
    [FieldOffset(Line + 24)] private long _unlock1;

    // Index is 0 or 1 (checked by the caller): Unsafe.Add stays inside the struct.
    [UnscopedRef]
    public ref long Locks(int index) => ref Unsafe.Add(ref _lock0, index);

    [UnscopedRef]
    public ref long Unlocks(int index) => ref Unsafe.Add(ref _unlock0, index);
}
