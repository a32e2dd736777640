using CsCheck;
using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary>
/// Each strategy against a reference model (a Dictionary by id, a list of slots by index,
/// a stack of freed indices) over random add/remove/get sequences, with small limits so
/// full tables and bad ids come up often; and over fill-then-drain sequences that make
/// the growable array tables shrink (the model trims its trailing holes when the table
/// reports a shrink, and checks that no removal left a shrinkable table unshrunk).
/// </summary>
public sealed class ModelTests
{
    private const int MaxCount = 12;
    private const int MaxId = 40;

    private static readonly Gen<(int Kind, int Id)[]> Operations =
        Gen.Select(Gen.Int[0, 2], Gen.Int[-2, MaxId + 1]).Array[1, 80];

    // Waves: a burst of adds of ids from a small range, then a burst of removals, repeated,
    // so tables fill, drain to a quarter and below, and refill across the boundaries.
    private static readonly Gen<(int Kind, int Id)[]> Waves =
        Gen.Select(Gen.Int[0, MaxId - 1].Array[1, 16], Gen.Int[0, MaxId - 1].Array[1, 16])
            .Select((adds, removes) => adds.Select(id => (0, id)).Concat(removes.Select(id => (1, id))).Append((2, adds[0])))
            .Array[1, 6]
            .Select(waves => waves.SelectMany(w => w).ToArray());

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void Strategy_matches_the_reference_model(VcpuTableStrategy strategy) =>
        Operations.Sample(ops => RunAgainstModel(strategy, ops), iter: 150, threads: 1);

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void Strategy_matches_the_reference_model_through_fill_and_drain_waves(VcpuTableStrategy strategy)
    {
        long shrinks = 0;
        Waves.Sample(ops => shrinks += RunAgainstModel(strategy, ops), iter: 150, threads: 1);
        if (strategy is VcpuTableStrategy.CachedMove or VcpuTableStrategy.RcuArray)
            Assert.True(shrinks > 0, "no sequence shrank the table: the waves do not exercise shrink");
    }

    /// <summary>Runs <paramref name="ops"/> on a fresh table and the model; returns the table's shrinks.</summary>
    private static long RunAgainstModel(VcpuTableStrategy strategy, (int Kind, int Id)[] ops)
    {
        using var t = new TableUnderTest(strategy, new VcpuTableLimits { MaxCount = MaxCount, MaxId = MaxId });
        var byId = new Dictionary<int, TestVcpu>();
        var slots = new List<TestVcpu?>();
        var freed = new Stack<int>();
        foreach (var (kind, id) in ops)
        {
            switch (kind)
            {
                case 0:
                    AddBoth(t.Table, byId, slots, freed, id);
                    break;
                case 1:
                    long shrinks = t.Table.Shrinks;
                    RemoveBoth(t.Table, byId, slots, freed, id);
                    if (t.Table.Shrinks != shrinks && TrimsCount(strategy))
                        TrimTrailingHoles(slots, freed);
                    AssertNotShrinkable(strategy, t.Table, slots);
                    break;
                default:
                    using (var view = t.Table.ReadForeign())
                        Assert.Same(byId.GetValueOrDefault(id), view.GetById(id));
                    break;
            }
            AssertSame(t.Table, byId, slots);
        }
        return t.Table.Shrinks;
    }

    // A shrink (an array table's smaller state, the radix tree's lost level) trims the
    // count to the highest live index + 1; Fixed never shrinks.
    private static bool TrimsCount(VcpuTableStrategy strategy) => strategy != VcpuTableStrategy.Fixed;

    private static void TrimTrailingHoles(List<TestVcpu?> slots, Stack<int> freed)
    {
        while (slots.Count > 0 && slots[^1] is null)
            slots.RemoveAt(slots.Count - 1);
        // Freed indices past the trimmed count are gone; the rest keep their order.
        var kept = freed.Reverse().Where(i => i < slots.Count).ToList();
        freed.Clear();
        foreach (int i in kept)
            freed.Push(i);
    }

    // The policy: after a removal, a growable array table is never a quarter full (or less)
    // with a halved capacity that would still hold every live index.
    private static void AssertNotShrinkable(VcpuTableStrategy strategy, VcpuTable<TestVcpu> table, List<TestVcpu?> slots)
    {
        if (strategy is not (VcpuTableStrategy.CachedMove or VcpuTableStrategy.RcuArray))
            return; // the tree frees nodes as it erases: no capacity policy to check
        int live = slots.Count(m => m is not null);
        int highest = slots.FindLastIndex(m => m is not null);
        int half = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)table.Capacity) / 2;
        Assert.False(half >= 1 && half >= Math.Max(highest + 1, 2 * live),
            $"capacity {table.Capacity} with {live} live (highest index {highest}) should have shrunk to {half}");
    }

    private static void AddBoth(VcpuTable<TestVcpu> table, Dictionary<int, TestVcpu> byId, List<TestVcpu?> slots, Stack<int> freed, int id)
    {
        var member = new TestVcpu(id);
        if (id < 0 || id >= MaxId)
            Assert.Throws<VcpuIdOutOfRangeException>(() => table.Add(member));
        else if (byId.ContainsKey(id))
            Assert.Throws<DuplicateVcpuIdException>(() => table.Add(member));
        else if (freed.Count == 0 && slots.Count == MaxCount)
            Assert.Throws<VcpuTableFullException>(() => table.Add(member));
        else
        {
            table.Add(member);
            byId[id] = member;
            if (freed.TryPop(out int index))
                slots[index] = member;
            else
                slots.Add(member);
        }
    }

    private static void RemoveBoth(VcpuTable<TestVcpu> table, Dictionary<int, TestVcpu> byId, List<TestVcpu?> slots, Stack<int> freed, int id)
    {
        if (id < 0 || id >= MaxId)
            Assert.Throws<VcpuIdOutOfRangeException>(() => table.Remove(id));
        else if (!byId.Remove(id, out var member))
            Assert.Throws<UnknownVcpuIdException>(() => table.Remove(id));
        else
        {
            Assert.Same(member, table.Remove(id));
            int index = slots.IndexOf(member);
            slots[index] = null;
            freed.Push(index);
        }
    }

    private static void AssertSame(VcpuTable<TestVcpu> table, Dictionary<int, TestVcpu> byId, List<TestVcpu?> slots)
    {
        using var view = table.ReadForeign();
        Assert.Equal(slots.Count, view.Count);
        for (int i = 0; i < slots.Count; i++)
            Assert.Same(slots[i], view.Get(i));
        for (int id = 0; id < MaxId; id++)
            Assert.Same(byId.GetValueOrDefault(id), view.GetById(id));
        var enumerated = new List<TestVcpu>();
        foreach (var member in view)
            enumerated.Add(member);
        Assert.Equal(slots.Where(m => m is not null), enumerated);
    }
}
