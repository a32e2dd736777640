using Rcuvisor.Backends.Simulated;
using Rcuvisor.Tables;

namespace Rcuvisor.VmTests;

internal static class AllStrategies
{
    public static TheoryData<VcpuTableStrategy> Each => new(Enum.GetValues<VcpuTableStrategy>());

    /// <summary>Every strategy on the simulated CPU with its atomic entry and with KVM's (a kick wins over an injected interrupt).</summary>
    public static TheoryData<VcpuTableStrategy, SimulatedEntryRules> EachWithEntryRules
    {
        get
        {
            var data = new TheoryData<VcpuTableStrategy, SimulatedEntryRules>();
            foreach (var strategy in Enum.GetValues<VcpuTableStrategy>())
                foreach (var rules in Enum.GetValues<SimulatedEntryRules>())
                    data.Add(strategy, rules);
            return data;
        }
    }
}
