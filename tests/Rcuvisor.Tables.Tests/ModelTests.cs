using CsCheck;
using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary>
/// Each strategy against a reference model (a Dictionary by id, a list of slots by index,
/// a stack of freed indices) over random add/remove/get sequences, with small limits so
/// full tables and bad ids come up often.
/// </summary>
public sealed class ModelTests
{
    private const int MaxCount = 12;
    private const int MaxId = 40;

    private static readonly Gen<(int Kind, int Id)[]> Operations =
        Gen.Select(Gen.Int[0, 2], Gen.Int[-2, MaxId + 1]).Array[1, 80];

    [Theory]
    [MemberData(nameof(Strategies.All), MemberType = typeof(Strategies))]
    public void Strategy_matches_the_reference_model(VcpuTableStrategy strategy) =>
        Operations.Sample(ops => RunAgainstModel(strategy, ops), iter: 150, threads: 1);

    private static void RunAgainstModel(VcpuTableStrategy strategy, (int Kind, int Id)[] ops)
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
                    RemoveBoth(t.Table, byId, slots, freed, id);
                    break;
                default:
                    using (var view = t.Table.ReadForeign())
                        Assert.Same(byId.GetValueOrDefault(id), view.GetById(id));
                    break;
            }
            AssertSame(t.Table, byId, slots);
        }
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
