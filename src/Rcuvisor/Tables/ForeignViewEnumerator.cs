namespace Rcuvisor.Tables;

/// <summary>Allocation-free enumeration of a <see cref="ForeignView{T}"/> in index order, holes skipped.</summary>
public ref struct ForeignViewEnumerator<T> where T : class, ITableMember
{
    private readonly ReadOnlySpan<T?> _slots;   // array strategies: the slots below the guard's count
    private readonly RadixTreeTable<T>? _tree;  // RadixTree: one lock-free walk per index
    private readonly int _count;
    private int _index;
    private T? _current;

    internal ForeignViewEnumerator(T?[] slots, int count)
    {
        _slots = new ReadOnlySpan<T?>(slots, 0, Math.Min(count, slots.Length));
        _tree = null;
        _count = _slots.Length;
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

    public readonly T Current => _current!;

    public bool MoveNext()
    {
        if (_tree is null)
        {
            var slots = _slots;
            while (++_index < slots.Length)
            {
                if (slots[_index] is { } member)
                {
                    _current = member;
                    return true;
                }
            }
            return false;
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
