using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

public static class Strategies
{
    public static TheoryData<VcpuTableStrategy> All => new(Enum.GetValues<VcpuTableStrategy>());

    public static TheoryData<VcpuTableStrategy> Growable => new(VcpuTableStrategy.RcuArray, VcpuTableStrategy.RadixTree, VcpuTableStrategy.CachedMove);
}
