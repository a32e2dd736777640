using System.Runtime.CompilerServices;

namespace Rcuvisor.Tables;

/// <summary>
/// One node of a <see cref="RadixTree{T}"/>: 64 slots inline (one object, no separate
/// array), each a child node or, at shift 0, a member. Never copied; unlinked
/// (left to the GC) once empty; a slot goes from null to a value and back to null only.
/// </summary>
internal sealed class RadixNode(int shift)
{
    public const int Bits = 6;
    public const int Fanout = 1 << Bits;
    public const int Mask = Fanout - 1;

    /// <summary>Key bits below this level: 0 for a leaf, 6, 12, 18, ...</summary>
    public readonly int Shift = shift;

    public RadixSlots Slots;
}

/// <summary>The 64 slots of a <see cref="RadixNode"/>.</summary>
[InlineArray(RadixNode.Fanout)]
internal struct RadixSlots
{
    private object? _slot0;
}
