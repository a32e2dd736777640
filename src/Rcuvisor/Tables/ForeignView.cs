using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Rcuvisor.Rcu;

namespace Rcuvisor.Tables;

/// <summary>
/// A read guard for a thread that is not the participant whose view it would use:
/// <c>using var view = table.ReadForeign();</c>. It holds what the strategy needs (an
/// SRCU read lock, an RCU read section, or nothing) and a snapshot of the table taken
/// on entry: the state and its count. A ref struct, so it cannot escape to the heap or
/// outlive its scope by accident.
/// </summary>
/// <remarks>
/// Beyond the read section itself, a guard costs its snapshot and the copy check: the
/// ticket of <see cref="OpenForeignSections"/> (one thread-static load to open, a compare
/// and a decrement to close). Earlier it kept three thread statics and closed through
/// <see cref="Array.Copy(Array, int, Array, int, int)"/>, a call per guard.
/// </remarks>
public ref struct ForeignView<T> where T : class, ITableMember
{
    private readonly SlotArrayState<T>? _state; // array strategies
    private readonly RadixTreeTable<T>? _tree;  // RadixTree
    private readonly int _count;
    private readonly SrcuReadScope _srcuScope;
    private readonly RcuReadScope _rcuScope;
    private readonly OpenForeignSections? _sections; // this thread's, when the guard holds a section
    private readonly long _section; // the ticket of that section
    private byte _flags; // InSrcuSection or InRcuSection, and Disposed: one byte, so a guard's entry stores one field, not three
    private const byte InSrcuSection = 1, InRcuSection = 2, Disposed = 4;

    /// <summary>Unprotected (Fixed). <paramref name="count"/> was loaded from <paramref name="state"/> with acquire.</summary>
    internal ForeignView(SlotArrayState<T> state, int count)
    {
        _state = state;
        _count = count;
    }

    /// <summary>
    /// Inside an SRCU read section (CachedMove), left by Dispose. A ref struct ends on the
    /// thread it began on, so the section is the one-thread kind, whose unlock needs no lookup.
    /// </summary>
    internal ForeignView(SlotArrayState<T> state, int count, SrcuReadScope scope)
        : this(state, count)
    {
        _srcuScope = scope;
        _flags = InSrcuSection;
        _sections = OpenForeignSections.Current;
        _section = _sections.Enter();
    }

    /// <summary>Inside an RCU read section (RcuArray); <paramref name="scope"/> is left by Dispose.</summary>
    internal ForeignView(SlotArrayState<T> state, int count, RcuReadScope scope)
        : this(state, count)
    {
        _rcuScope = scope;
        _flags = InRcuSection;
        _sections = OpenForeignSections.Current;
        _section = _sections.Enter();
    }

    /// <summary>Lock-free walks (RadixTree); nothing to hold.</summary>
    internal ForeignView(RadixTreeTable<T> tree, int count)
    {
        _tree = tree;
        _count = count;
    }

    /// <summary>Indices in use when the guard was taken.</summary>
    public readonly int Count
    {
        get
        {
            ThrowIfDisposed();
            return _count;
        }
    }

    /// <summary>The member at <paramref name="index"/> if index &lt; Count, else null.</summary>
    public readonly T? Get(int index)
    {
        ThrowIfDisposed();
        return _state is { } state ? state.Get(index, _count) : _tree!.GetByIndex(index, _count);
    }

    /// <summary>The member with id <paramref name="id"/>, or null.</summary>
    public readonly T? GetById(int id)
    {
        ThrowIfDisposed();
        return _state is { } state ? state.GetById(id) : _tree!.LoadById(id);
    }

    /// <summary>Members in index (creation) order, holes skipped; allocation-free.</summary>
    public readonly ForeignViewEnumerator<T> GetEnumerator()
    {
        ThrowIfDisposed();
        if (_state is { } state)
        {
            state.ThrowIfRetired();
            return new ForeignViewEnumerator<T>(state.Slots, _count);
        }
        return new ForeignViewEnumerator<T>(_tree!, _count);
    }

    /// <summary>
    /// Leaves the read section (SRCU unlock or RCU scope exit) once. Disposing this guard
    /// again is harmless; disposing a copy of it after the original (or the other way round)
    /// throws <see cref="GracePeriodMisuseException"/> and leaves the section alone.
    /// </summary>
    public void Dispose()
    {
        byte flags = _flags;
        if ((flags & Disposed) != 0)
            return;
        _flags = (byte)(flags | Disposed);
        if (_sections is not null)
            LeaveSection();
    }

    // A call, not inlined: it keeps Dispose within the 15 statements up to which the JIT
    // clones a using's finally onto the normal path (fgCloneFinally). Inlined, the finally
    // stayed a funclet that every guard called, with the caller's locals kept on the stack
    // for it, Fixed's and RadixTree's guards included, which hold no section at all.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void LeaveSection()
    {
        _sections!.Exit(_section); // throws for a copy's second dispose, before a second unlock
        if ((_flags & InSrcuSection) != 0)
            _srcuScope.Dispose();
        else if ((_flags & InRcuSection) != 0)
            _rcuScope.Dispose();
    }

    private readonly void ThrowIfDisposed()
    {
        if ((_flags & Disposed) != 0)
            ThrowDisposed();
    }

    [DoesNotReturn] // not NoInlining: the JIT sees it never returns and keeps it out of a caller's loop
    private static void ThrowDisposed() =>
        throw new ObjectDisposedException(nameof(ForeignView<T>), "The foreign view was read after its guard was disposed.");
}
