namespace Rcuvisor.Tables;

/// <summary>
/// Allocation-free enumeration of an <see cref="OwnView{T}"/> in index order, holes
/// skipped. A ref struct: it lives on the participant's stack and cannot outlive the
/// quiescent point that may move the array it walks.
/// </summary>
public ref struct OwnViewEnumerator<T> where T : class, ITableMember
{
    private readonly ReadOnlySpan<T?> _slots; // cached path: the slots below the count
    private readonly VcpuTable<T>? _table;    // shared path: one protected read per index
    private readonly int _count;
    private int _index;
    private T? _current;

    internal OwnViewEnumerator(T?[] slots, int count)
    {
        _slots = new ReadOnlySpan<T?>(slots, 0, Math.Min(count, slots.Length));
        _table = null;
        _count = _slots.Length;
        _index = -1;
        _current = null;
    }

    internal OwnViewEnumerator(VcpuTable<T> table, int count)
    {
        _slots = default;
        _table = table;
        _count = count;
        _index = -1;
        _current = null;
    }

    public readonly T Current => _current!;

    public bool MoveNext()
    {
        if (_table is null)
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
            if (_table.OwnViewGet(_index) is { } member)
            {
                _current = member;
                return true;
            }
        }
        return false;
    }
}
