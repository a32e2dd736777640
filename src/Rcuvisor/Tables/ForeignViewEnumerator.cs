namespace Rcuvisor.Tables;

/// <summary>Allocation-free enumeration of a <see cref="ForeignView{T}"/> in index order, holes skipped.</summary>
public ref struct ForeignViewEnumerator<T> where T : class, ITableMember
{
    private SlotCursor<T> _slots;               // array strategies: the slots below the guard's count
    private readonly RadixTreeTable<T>? _tree;  // RadixTree: one lock-free walk per index
    private readonly int _count;
    private int _index;
    private T? _current;

    internal ForeignViewEnumerator(T?[] slots, int count)
    {
        _slots = new SlotCursor<T>(slots, count);
        _tree = null;
        _count = 0;
        _index = -1;
        _current = null;
    }

    internal ForeignViewEnumerator(RadixTreeTable<T> tree, int count)
    {
        _slots = default;
        _tree = tree;
        _count = count;
        _index = -1;
        _current = null;
    }

    /// <summary>The member at the current index.</summary>
    public readonly T Current => _current!;

    /// <summary>Advances to the next occupied index, skipping holes left by removals.</summary>
    public bool MoveNext()
    {
        if (_tree is null)
        {
            bool found = _slots.MoveNext(out var member);
            _current = member;
            return found;
        }
        while (++_index < _count)
        {
            if (_tree.GetByIndex(_index, _count) is { } member)
            {
                _current = member;
                return true;
            }
        }
        return false;
    }
}
