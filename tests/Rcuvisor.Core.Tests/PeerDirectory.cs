using System.Collections.Concurrent;
using Rcuvisor.Execution;

namespace Rcuvisor.Core.Tests;

/// <summary>
/// A dictionary standing in for the vCPU tables: it is every vCPU's own view and the
/// foreign view at once. No grace periods: tests remove a vCPU only to see a lookup miss.
/// </summary>
internal sealed class PeerDirectory : IPeerLookup, IPeerViewSource, IForeignVcpuLookup
{
    private readonly ConcurrentDictionary<int, Vcpu> _byId = new();

    public void Add(Vcpu vcpu) => Assert.True(_byId.TryAdd(vcpu.Id, vcpu));

    public void Remove(int id) => Assert.True(_byId.TryRemove(id, out _));

    public Vcpu? GetById(int id) => _byId.TryGetValue(id, out var vcpu) ? vcpu : null;

    public IPeerLookup ViewFor(Vcpu vcpu) => this;

    public bool TryVisit<TVisitor>(int id, ref TVisitor visitor) where TVisitor : struct, IVcpuVisitor
    {
        if (!_byId.TryGetValue(id, out var vcpu))
            return false;
        visitor.Visit(vcpu);
        return true;
    }
}
