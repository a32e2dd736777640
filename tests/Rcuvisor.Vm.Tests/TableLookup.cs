using Rcuvisor.Execution;
using Rcuvisor.Tables;

namespace Rcuvisor.VmTests;

/// <summary>
/// The foreign lookup these vCPU-level tests give interrupt lines: the table's foreign
/// view, nothing more. (The Vm adds its own SRCU guard where the table holds nothing.)
/// </summary>
internal sealed class TableLookup(IVcpuTable<Vcpu> table) : IForeignVcpuLookup
{
    public bool TryVisit<TVisitor>(int id, ref TVisitor visitor) where TVisitor : struct, IVcpuVisitor
    {
        using var view = table.ReadForeign();
        var vcpu = view.GetById(id);
        if (vcpu is null)
            return false;
        visitor.Visit(vcpu);
        return true;
    }
}
