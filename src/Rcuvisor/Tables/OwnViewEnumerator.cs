using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rcuvisor.Tables;

/// <summary>
/// Allocation-free enumeration of an <see cref="OwnView{T}"/> in index order, holes
/// skipped. A ref struct: it lives on the participant's stack and cannot outlive the
/// quiescent point that may move the array it walks.
/// </summary>
/// <remarks>
/// What <c>foreach</c> inlines is a walk of a span: the array cut to the count at creation
/// (no bounds check of its own) or, for RadixTree, one leaf's slots at a time (a walk from
/// the root per 64 indices, inline). No call on either path, so the JIT keeps the
/// enumerator in registers. (An earlier version
/// read uncached strategies through an interface call from the same method: the call kept
/// the whole enumerator in memory, and the walk cost 3.6 to 5.5 times the array's.)
/// </remarks>
public ref struct OwnViewEnumerator<T> where T : class, ITableMember
{
    private ReadOnlySpan<T?> _slots;      // the slots walked now: the array below the count, or one leaf's
    private readonly RadixTree<T>? _tree; // RadixTree: the tree by index, walked leaf by leaf below _count
    private readonly int _count;
    private int _base;                    // RadixTree: the key of _slots[0]
    private int _index;                   // within _slots
    private T? _current;
#if DEBUG
    private readonly SlotArrayState<T>? _state; // DEBUG builds: a walk that reaches a retired state throws
#endif

    internal OwnViewEnumerator(SlotArrayState<T> state, T?[] slots, int count)
    {
#if DEBUG
        _state = state;
#endif
        // No range check to pay: the length is at most the array's.
        _slots = MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(slots), Math.Min(count, slots.Length));
        _tree = null;
        _count = 0;
        _base = 0;
        _index = -1;
        _current = null;
    }

    internal OwnViewEnumerator(RadixTree<T> tree, int count)
    {
#if DEBUG
        _state = null;
#endif
        _slots = default;
        _tree = tree;
        _count = count;
        _base = 0;
        _index = -1;
        _current = null;
    }

    /// <summary>The member at the current index.</summary>
    public readonly T Current => _current!;

    /// <summary>Advances to the next occupied index, skipping holes left by removals.</summary>
    public bool MoveNext()
    {
        CheckNotRetired();
        // The common step first, as one straight line the JIT can keep small: the next slot
        // is in the span and occupied. Holes, the span's end and the tree's next leaf follow.
        var slots = _slots;
        int next = _index + 1;
        if ((uint)next < (uint)slots.Length && slots[next] is { } member)
        {
            _index = next;
            _current = member;
            return true;
        }
        return MoveNextPastHoleOrEnd();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // not a call: that would keep the enumerator in memory
    private bool MoveNextPastHoleOrEnd()
    {
        if (_tree is null)
        {
            var slots = _slots;
            int i = _index + 2; // the fast path found _index + 1 empty or past the end
            for (; (uint)i < (uint)slots.Length; i++)
            {
                if (slots[i] is { } member)
                {
                    _index = i;
                    _current = member;
                    return true;
                }
            }
            _index = slots.Length;
            return false;
        }
        return MoveNextInTree();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool MoveNextInTree()
    {
        while (true)
        {
            var slots = _slots;
            int i = _index + 1;
            // Unsigned, so the JIT drops the bounds check without a cloned loop's sign test.
            for (; (uint)i < (uint)slots.Length; i++)
            {
                if (slots[i] is { } member)
                {
                    _index = i;
                    _current = member;
                    return true;
                }
            }
            _index = i;
            if (_tree is not { } tree)
                return false;
            // The next leaf (at most one walk from the root per 64 indices), inline.
            int key = _base + slots.Length;
            _slots = tree.LeafSlotsFrom(ref key, _count, out var lone);
            _base = key;
            _index = -1;
            if (lone is not null)
            {
                _base = 1; // past key 0, the only one a lone root holds
                _current = lone;
                return true;
            }
            if (_slots.IsEmpty)
                return false;
        }
    }

    [Conditional("DEBUG")]
    private readonly void CheckNotRetired()
    {
#if DEBUG
        _state?.ThrowIfRetired();
#endif
    }
}
