using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using Rcuvisor.Rcu;

namespace Rcuvisor.Tables;

/// <summary>
/// Everything a reader of an array-backed table needs, in one object behind one
/// reference (dotnet/runtime's ConcurrentDictionary <c>_tables</c>): the slots by index
/// (creation order), the same members by id, and the count of indices in use. Its
/// capacities never change; growth builds a new state. Used by Fixed, RcuArray and
/// CachedMove.
/// </summary>
/// <remarks>
/// The count lives here, not in the table, so a reader's bound always belongs to the
/// array it indexes: a state's count never exceeds its own capacity, and a reader
/// holding an old state sees the old count. Only the writer (under the table's lock)
/// stores into a state.
/// </remarks>
internal sealed class SlotArrayState<T> : IPoisonable, IDisposable where T : class, ITableMember
{
    public readonly T?[] Slots;
    public readonly T?[] ById;

    // Indices in use, holes included. Release-stored by the writer after the slot it
    // covers; acquire-loaded by readers before they index.
    public int Count;

    private bool _retired; // set by Poison; read plainly: detection is best effort, not a fence

    public SlotArrayState(int capacity, int idCapacity)
    {
        Slots = new T?[capacity];
        ById = new T?[idCapacity];
    }

    private SlotArrayState(SlotArrayState<T> from, int capacity, int idCapacity) : this(capacity, idCapacity)
    {
        Array.Copy(from.Slots, Slots, from.Slots.Length);
        Array.Copy(from.ById, ById, from.ById.Length);
        Count = from.Count;
    }

    public long FootprintBytes =>
        ObjectSizes.Instance<SlotArrayState<T>>() + ObjectSizes.ArrayOfReferences(Slots.Length) + ObjectSizes.ArrayOfReferences(ById.Length);

    public bool Fits(int index, int id) => index < Slots.Length && id < ById.Length;

    /// <summary>A copy with capacities doubled until <paramref name="index"/> and <paramref name="id"/> fit.</summary>
    public SlotArrayState<T> GrowToFit(int index, int id, int maxCount, int maxId) =>
        new(this, Doubled(Slots.Length, index, maxCount), Doubled(ById.Length, id, maxId));

    /// <summary>
    /// Writer: a smaller copy when removals left this state at most a quarter full, else
    /// null. Each array halves (repeatedly, in one copy) while the halved array still holds
    /// every live index or id and is at most half full, and never below
    /// <paramref name="floor"/>: a shrunk state is half full at most, so it neither grows
    /// again until it fills nor shrinks again until it is a quarter full (hysteresis).
    /// Members keep their index and id; the copy's count is the highest live index + 1
    /// (trailing holes trimmed, so a later append fits).
    /// </summary>
    public SlotArrayState<T>? ShrunkCopy(int floor)
    {
        int live = 0, highestIndex = -1, highestId = -1;
        for (int i = 0; i < Count; i++)
        {
            if (Slots[i] is { } member)
            {
                live++;
                highestIndex = i;
                highestId = Math.Max(highestId, member.Id);
            }
        }
        int slots = Halved(Slots.Length, Math.Max(highestIndex + 1, 2 * live), floor);
        int ids = Halved(ById.Length, 2 * (highestId + 1), floor);
        if (slots == Slots.Length && ids == ById.Length)
            return null;
        var shrunk = new SlotArrayState<T>(slots, ids);
        Array.Copy(Slots, shrunk.Slots, Math.Min(Count, slots));
        Array.Copy(ById, shrunk.ById, ids);
        shrunk.Count = highestIndex + 1;
        return shrunk;
    }

    // Halve while the half is at least `needed` and `floor`; a length that is not a power
    // of two (capped at a limit) halves to the power of two below it.
    private static int Halved(int length, int needed, int floor)
    {
        int result = length;
        while (result > 1)
        {
            int half = result == length ? (int)BitOperations.RoundUpToPowerOf2((uint)length) / 2 : result / 2;
            if (half < needed || half < floor)
                break;
            result = half;
        }
        return result;
    }

    private static int Doubled(int length, int needed, int limit)
    {
        long grown = Math.Max(1, length);
        while (grown <= needed)
            grown *= 2;
        return (int)Math.Min(grown, limit);
    }

    /// <summary>Writer: stores a fully built member.</summary>
    public void Store(T member, int index)
    {
        // Release: the member's construction is visible before any reader can load it.
        Volatile.Write(ref Slots[index], member);
        Volatile.Write(ref ById[member.Id], member);
    }

    /// <summary>Writer: empties a slot (a null carries no contents, so a plain store suffices).</summary>
    public void Clear(int index, int id)
    {
        Slots[index] = null;
        ById[id] = null;
    }

    /// <summary>Writer: release, so the slots below <paramref name="count"/> are visible first.</summary>
    public void PublishCount(int count) => Volatile.Write(ref Count, count);

    /// <summary>Writer: the index of <paramref name="member"/> (slow path: a scan, never used by lookups).</summary>
    public int IndexOf(T member)
    {
        for (int i = 0; i < Count; i++)
            if (ReferenceEquals(Slots[i], member))
                return i;
        throw new InvalidOperationException($"vCPU id {member.Id} is in the id map but in no slot: table state corrupt.");
    }

    public int ReadCount()
    {
        ThrowIfRetired();
        return Volatile.Read(ref Count); // acquire: pairs with PublishCount
    }

    /// <summary>A read bounded by the caller's count (loaded first) and by this state's capacity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T? Get(int index, int count)
    {
        ThrowIfRetired();
        var slots = Slots;
        return (uint)index < (uint)count && (uint)index < (uint)slots.Length ? slots[index] : null;
    }

    /// <summary>
    /// An own view's read (RcuArray): bounded by the capacity alone, as a cached view's is,
    /// because a slot holds null or a member stored after it was built (docs/tables.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T? OwnGet(int index)
    {
        ThrowIfRetired();
        var slots = Slots;
        return (uint)index < (uint)slots.Length ? slots[index] : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T? GetById(int id)
    {
        ThrowIfRetired();
        var byId = ById;
        return (uint)id < (uint)byId.Length ? byId[id] : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ThrowIfRetired()
    {
        if (_retired)
            ThrowRetired();
    }

    // Not marked NoInlining: the JIT then sees that it never returns and moves the call to
    // a cold block, so a caller's loop keeps no value alive across it (with NoInlining it
    // spilled an own view's index to the stack on every Get).
    [DoesNotReturn]
    private void ThrowRetired() => throw new RetiredObjectAccessException($"vCPU table state (capacity {Slots.Length}, ids below {ById.Length})");

    public void Poison() => Volatile.Write(ref _retired, true);

    /// <summary>Nothing to release: the arrays are managed. Kept readable so a late reader in a release build reads stale members, never garbage.</summary>
    public void Dispose()
    {
    }
}
