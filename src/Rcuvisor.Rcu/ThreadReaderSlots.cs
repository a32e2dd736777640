namespace Rcuvisor.Rcu;

/// <summary>
/// The calling thread's slots, one per domain it has read in. Looked up only on a
/// domain's slow path (first read, or after reading in another domain): the hot path
/// caches the last slot in a thread-static of its own.
/// </summary>
internal static class ThreadReaderSlots
{
    [ThreadStatic]
    private static List<ReaderSlot>? t_slots;

    public static ReaderSlot? Find(GracePeriodDomain domain)
    {
        var slots = t_slots;
        if (slots is null)
            return null;
        for (int i = slots.Count - 1; i >= 0; i--)
        {
            var slot = slots[i];
            if (slot.Unregistered)
                slots.RemoveAt(i); // the domain was disposed or the slot released
            else if (slot.Domain == domain)
                return slot;
        }
        return null;
    }

    public static void Add(ReaderSlot slot) => (t_slots ??= []).Add(slot);

    public static void Remove(ReaderSlot slot) => t_slots?.Remove(slot);
}
