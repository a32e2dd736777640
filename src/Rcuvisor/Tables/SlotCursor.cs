using System.Diagnostics.CodeAnalysis;

namespace Rcuvisor.Tables;

/// <summary>
/// A walk over a slot array below a count, in index order, holes skipped: the array
/// path that the own-view and foreign-view enumerators share.
/// </summary>
internal ref struct SlotCursor<T> where T : class
{
    private readonly ReadOnlySpan<T?> _slots;
    private int _index;

    public SlotCursor(T?[] slots, int count)
    {
        _slots = new ReadOnlySpan<T?>(slots, 0, Math.Min(count, slots.Length));
        _index = -1;
    }

    public bool MoveNext([NotNullWhen(true)] out T? member)
    {
        var slots = _slots;
        while (++_index < slots.Length)
        {
            if (slots[_index] is { } found)
            {
                member = found;
                return true;
            }
        }
        member = null;
        return false;
    }
}
