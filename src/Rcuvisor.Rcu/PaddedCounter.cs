using System.Runtime.InteropServices;

namespace Rcuvisor.Rcu;

/// <summary>
/// A 64-bit counter alone on its cache line (and its neighbour, which the adjacent-line
/// prefetcher pulls in): a reader's stores to it never invalidate another reader's line.
/// The shape of dotnet/runtime's <c>PaddedHeadAndTail</c>. Beside it, on the same line, the
/// flag a blocked grace period raises for this reader (RcuDomain), which the reader loads
/// where it has just stored <see cref="Value"/>: a line it already holds.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 2 * CacheLineBytes)]
internal struct PaddedCounter
{
    internal const int CacheLineBytes = 128;

    [FieldOffset(CacheLineBytes)]
    public long Value;

    /// <summary>Non-zero while a grace period sleeps until this slot's reader leaves its section (written by that writer only).</summary>
    [FieldOffset(CacheLineBytes + sizeof(long))]
    public int WriterWaiting;
}
