using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>A table member standing in for a vCPU: the reads only need its id.</summary>
internal sealed class BenchVcpu(int id) : ITableMember
{
    public int Id { get; } = id;
}
