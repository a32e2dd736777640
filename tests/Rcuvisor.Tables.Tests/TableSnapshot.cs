using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary>Everything a foreign reader can observe, to prove a rejected call changed nothing.</summary>
public sealed record TableSnapshot(int Count, int Capacity, string Slots, string Enumerated)
{
    public static TableSnapshot Of(IVcpuTable<TestVcpu> table)
    {
        using var view = table.ReadForeign();
        var slots = new List<string>();
        for (int i = 0; i < view.Count; i++)
            slots.Add(view.Get(i)?.Id.ToString() ?? "-");
        var enumerated = new List<int>();
        foreach (var member in view)
            enumerated.Add(member.Id);
        return new TableSnapshot(view.Count, table.Capacity, string.Join(",", slots), string.Join(",", enumerated));
    }
}
