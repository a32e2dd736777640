using System.Runtime.CompilerServices;

namespace Rcuvisor.Tables;

/// <summary>
/// A map from non-negative int keys to members after Linux's xarray: 64-way nodes, a
/// lone entry at key 0 kept in the root itself (no node at all), the root replaced by
/// a taller node to add a level, and nodes never copied. Reads are lock-free walks of
/// acquire loads; one writer at a time (the table's lock).
/// </summary>
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
        if (entry is not RadixNode node)
            return key == 0 ? Unsafe.As<T>(entry) : null; // the root holds only a T (never a node) here
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

    /// <summary>Writer: stores <paramref name="value"/> (null erases) at <paramref name="key"/>.</summary>
    public void Store(int key, T? value)
    {
        object? root = _root; // the writer's own field
        if (root is not RadixNode node)
        {
            if (key == 0)
            {
                Volatile.Write(ref _root, value); // release: the member is built before readers see it
                return;
            }
            if (value is null)
                return; // nothing is stored at a key other than 0
            node = NewNode(0);
            node.Slots[0] = root; // the lone key-0 entry moves into the first leaf
            Volatile.Write(ref _root, node);
        }
        if (value is null && (uint)key >> node.Shift >> RadixNode.Bits != 0)
            return;
        while ((uint)key >> node.Shift >> RadixNode.Bits != 0)
            node = AddLevel(node);
        while (node.Shift > 0)
        {
            ref object? slot = ref node.Slots[(key >> node.Shift) & RadixNode.Mask];
            if (slot is null)
            {
                if (value is null)
                    return;
                Volatile.Write(ref slot, NewNode(node.Shift - RadixNode.Bits)); // release: an empty, complete node
            }
            node = Unsafe.As<RadixNode>(slot!);
        }
        // Release for a member (built before it is reachable); a null needs none, but one form is simpler.
        Volatile.Write(ref node.Slots[key & RadixNode.Mask], value);
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
