namespace Rcuvisor.Tables;

/// <summary>
/// Allocation-free enumeration of an <see cref="OwnView{T}"/> in index order, holes
/// skipped. A ref struct: it lives on the participant's stack and cannot outlive the
/// quiescent point that may move the array it walks.
/// </summary>
public ref struct OwnViewEnumerator<T> where T : class, ITableMember
{
    private SlotCursor<T> _slots;             // cached path: the slots below the count
    private readonly IOwnViewReads<T>? _table; // shared path: one protected read per index
    private readonly int _count;
    private int _index;
    private T? _current;

    internal OwnViewEnumerator(T?[] slots, int count)
    {
        _slots = new SlotCursor<T>(slots, count);
        _table = null;
        _count = 0;
        _index = -1;
        _current = null;
    }

    internal OwnViewEnumerator(IOwnViewReads<T> table, int count)
    {
        _slots = default;
        _table = table;
        _count = count;
        _index = -1;
        _current = null;
    }

    /// <summary>The member at the current index.</summary>
    public readonly T Current => _current!;

    /// <summary>Advances to the next occupied index, skipping holes left by removals.</summary>
    public bool MoveNext()
    {
        if (_table is null)
        {
            bool found = _slots.MoveNext(out var member);
            _current = member;
            return found;
        }
        while (++_index < _count)
        {
            if (_table.OwnViewGet(_index) is { } member)
            {
                _current = member;
                return true;
            }
        }
        return false;
    }
}
