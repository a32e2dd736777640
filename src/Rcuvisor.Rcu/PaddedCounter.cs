using System.Runtime.InteropServices;

namespace Rcuvisor.Rcu;

/// <summary>
/// A 64-bit counter alone on its cache line (and its neighbour, which the adjacent-line
/// prefetcher pulls in): a reader's stores to it never invalidate another reader's line.
/// The shape of dotnet/runtime's <c>PaddedHeadAndTail</c>.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 2 * CacheLineBytes)]
internal struct PaddedCounter
{
    internal const int CacheLineBytes = 128;

    [FieldOffset(CacheLineBytes)]
    public long Value;
}
