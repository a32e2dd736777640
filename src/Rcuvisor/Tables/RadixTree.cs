using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rcuvisor.Tables;

/// <summary>
/// A map from non-negative int keys to members after Linux's xarray: 64-way nodes, a
/// lone entry at key 0 kept in the root itself (no node at all), the root replaced by
/// a taller node to add a level, and nodes never copied. Reads are lock-free walks of
/// acquire loads; one writer at a time (the table's lock). Erasing frees what it empties,
/// as the xarray does (<c>xas_delete_node</c>, <c>xas_shrink</c>): an empty node is unlinked,
/// and a root whose only child is its first loses its level, so the tree's nodes track
/// the keys it holds, not the most it ever held.
/// </summary>
/// <remarks>
/// A reader may still be walking an unlinked node: that is memory-safe (the GC keeps it)
/// and consistent, because an unlinked node is empty (a reader finds null: the erase it
/// raced with) and a dropped root's first child is the new root (the same nodes below).
/// </remarks>
internal sealed class RadixTree<T> where T : class
{
    // Null, a T (the only entry, at key 0), or the top RadixNode. Release-stored by the
    // writer after what it points to is complete; acquire-loaded by readers.
    private object? _root;
    private int _nodes; // writer only, for the footprint

    public long FootprintBytes => ObjectSizes.Instance<RadixTree<T>>() + _nodes * ObjectSizes.Instance<RadixNode>();

    /// <summary>Keys reachable without adding a level.</summary>
    public int KeyCapacity
    {
        get
        {
            object? root = Volatile.Read(ref _root);
            return root is RadixNode node ? (int)Math.Min(int.MaxValue, (long)RadixNode.Fanout << node.Shift) : root is null ? 0 : 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T? Load(int key)
    {
        object? entry = Volatile.Read(ref _root); // acquire: pairs with the root's release store
        // An exact type test (RadixNode is sealed): the JIT compiles it to a compare of the
        // method table, where `is` may become a helper call, which in a caller's loop (an
        // own view's inlined Get) would keep the caller's values on the stack.
        if (entry is null || entry.GetType() != typeof(RadixNode))
            return key == 0 ? Unsafe.As<T>(entry) : null; // the root holds only a T (never a node) here
        var node = Unsafe.As<RadixNode>(entry);
        if ((uint)key >> node.Shift >> RadixNode.Bits != 0)
            return null; // beyond this tree's height: never stored
        while (true)
        {
            // Acquire: a child (node or member) is release-stored after it is complete.
            object? child = Volatile.Read(ref node.Slots[(key >> node.Shift) & RadixNode.Mask]);
            if (node.Shift == 0)
                return Unsafe.As<T>(child); // leaf slots hold only T (or null)
            if (child is null)
                return null;
            node = Unsafe.As<RadixNode>(child); // inner slots hold only nodes
        }
    }

    /// <summary>
    /// For a walk in key order: the first leaf at or after <paramref name="key"/> that holds
    /// keys below <paramref name="count"/>, as its slots from there to the leaf's end (or the
    /// count); <paramref name="key"/> becomes the key of the span's first slot. Empty when no
    /// such leaf is left. A lone root entry (key 0 with no node) comes back in
    /// <paramref name="lone"/> instead, with an empty span.
    /// </summary>
    /// <remarks>
    /// A leaf's slots hold only members or null, and a leaf is never copied or reused for
    /// other keys, so plain loads of the span are as safe as an own view's array loads (a
    /// member is stored with release and read through a dependent load); an unlinked leaf
    /// is empty. Inline, with no call, for an own view's enumerator.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T?> LeafSlotsFrom(scoped ref int key, int count, out T? lone)
    {
        lone = null;
        while (key < count)
        {
            object? entry = Volatile.Read(ref _root); // acquire, as in Load
            if (entry is null)
                break;
            if (entry.GetType() != typeof(RadixNode))
            {
                if (key == 0)
                    lone = Unsafe.As<T>(entry);
                break;
            }
            var node = Unsafe.As<RadixNode>(entry);
            if ((uint)key >> node.Shift >> RadixNode.Bits != 0)
                break; // beyond this tree's height
            while (node.Shift > 0)
            {
                object? child = Volatile.Read(ref node.Slots[(key >> node.Shift) & RadixNode.Mask]);
                if (child is null)
                    break;
                node = Unsafe.As<RadixNode>(child); // inner slots hold only nodes
            }
            if (node.Shift > 0)
            {
                // An empty subtree: go on from the first key past it (long: no overflow at the top).
                key = (int)Math.Min(count, ((long)(key >> node.Shift) + 1) << node.Shift);
                continue;
            }
            int start = key & RadixNode.Mask;
            int length = Math.Min(RadixNode.Fanout - start, count - key);
            return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<object?, T?>(ref node.Slots[start]), length);
        }
        key = count;
        return default;
    }

    /// <summary>Writer: stores <paramref name="value"/> (null erases) at <paramref name="key"/>.</summary>
    public void Store(int key, T? value)
    {
        if (value is null)
        {
            Erase(key);
            return;
        }
        object? root = _root; // the writer's own field
        if (root is not RadixNode node)
        {
            if (key == 0)
            {
                Volatile.Write(ref _root, value); // release: the member is built before readers see it
                return;
            }
            node = NewNode(0);
            node.Slots[0] = root; // the lone key-0 entry moves into the first leaf
            Volatile.Write(ref _root, node);
        }
        while ((uint)key >> node.Shift >> RadixNode.Bits != 0)
            node = AddLevel(node);
        while (node.Shift > 0)
        {
            ref object? slot = ref node.Slots[(key >> node.Shift) & RadixNode.Mask];
            if (slot is null)
            {
                Volatile.Write(ref slot, NewNode(node.Shift - RadixNode.Bits)); // release: an empty, complete node
            }
            node = Unsafe.As<RadixNode>(slot!);
        }
        // Release: the member is built before it is reachable.
        Volatile.Write(ref node.Slots[key & RadixNode.Mask], value);
    }

    /// <summary>Writer: erases <paramref name="key"/>, then frees the nodes and levels that left empty.</summary>
    private void Erase(int key)
    {
        object? root = _root; // the writer's own field
        if (root is not RadixNode top)
        {
            if (key == 0)
                _root = null; // plain: a null carries no contents to publish
            return;
        }
        if ((uint)key >> top.Shift >> RadixNode.Bits != 0)
            return; // beyond the tree's height: never stored
        var node = top;
        while (node.Shift > 0)
        {
            if (node.Slots[(key >> node.Shift) & RadixNode.Mask] is not RadixNode child)
                return; // nothing stored under this key
            node = child;
        }
        node.Slots[key & RadixNode.Mask] = null; // plain: a null carries no contents
        FreeEmptyNodes(top, key);
        Shrink();
    }

    // Unlinks every node on the key's path that holds nothing, deepest first. Plain null
    // stores: a reader that already loaded a freed node finds it empty.
    private bool FreeEmptyNodes(RadixNode node, int key)
    {
        if (node.Shift > 0)
        {
            ref object? slot = ref node.Slots[(key >> node.Shift) & RadixNode.Mask];
            if (slot is RadixNode child && FreeEmptyNodes(child, key))
            {
                slot = null;
                _nodes--;
            }
        }
        if (!IsEmpty(node))
            return false;
        if (ReferenceEquals(node, _root))
        {
            _root = null;
            _nodes--;
        }
        return true;
    }

    // Drops levels while the root's only child is its first (xas_shrink); a leaf root whose
    // only entry is key 0 gives way to that entry itself, as a lone key-0 entry is kept.
    private void Shrink()
    {
        while (_root is RadixNode top && OnlyFirstSlotUsed(top))
        {
            // Release: what the new root points to was published before; one form for both cases.
            Volatile.Write(ref _root, top.Slots[0]);
            _nodes--;
        }
    }

    private static bool IsEmpty(RadixNode node)
    {
        foreach (object? slot in node.Slots)
            if (slot is not null)
                return false;
        return true;
    }

    private static bool OnlyFirstSlotUsed(RadixNode node)
    {
        if (node.Slots[0] is null)
            return false;
        for (int i = 1; i < RadixNode.Fanout; i++)
            if (node.Slots[i] is not null)
                return false;
        return true;
    }

    private RadixNode AddLevel(RadixNode top)
    {
        var taller = NewNode(top.Shift + RadixNode.Bits);
        taller.Slots[0] = top; // the old tree is the new one's first subtree: nothing copied
        Volatile.Write(ref _root, taller); // release: slot 0 is set before readers see the node
        return taller;
    }

    private RadixNode NewNode(int shift)
    {
        _nodes++;
        return new RadixNode(shift);
    }
}
