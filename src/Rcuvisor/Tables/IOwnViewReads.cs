namespace Rcuvisor.Tables;

/// <summary>
/// The reads an <see cref="OwnView{T}"/> makes through its table when the strategy has no
/// state to cache (RcuArray: each read is an RCU section; RadixTree: a lock-free walk).
/// Implemented only by those tables; the caching strategies (Fixed, CachedMove) hand
/// their views a <see cref="SlotArrayState{T}"/> instead, so no strategy implements a
/// read it does not support. The contract is in docs/tables.md, "Own views".
/// </summary>
internal interface IOwnViewReads<T> where T : class, ITableMember
{
    /// <summary>Indices in use (acquire).</summary>
    int OwnViewCount();

    /// <summary>The member at <paramref name="index"/> below the count, or null.</summary>
    T? OwnViewGet(int index);

    /// <summary>The member with id <paramref name="id"/>, or null.</summary>
    T? OwnViewGetById(int id);
}
