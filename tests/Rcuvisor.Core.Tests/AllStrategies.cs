using Rcuvisor.Tables;

namespace Rcuvisor.Core.Tests;

internal static class AllStrategies
{
    public static TheoryData<VcpuTableStrategy> Each => new(Enum.GetValues<VcpuTableStrategy>());
}
