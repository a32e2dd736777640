namespace Rcuvisor.Tables;

/// <summary>
/// A VM's vCPU table, shaped after KVM's accessors (<c>kvm_get_vcpu</c>,
/// <c>kvm_get_vcpu_by_id</c>, <c>kvm_for_each_vcpu</c>). Reads come in two kinds, as two
/// types: a participant's <see cref="OwnView{T}"/>, used only on its own thread, and
/// the <see cref="ForeignView{T}"/> guard any other thread takes with
/// <c>using var view = table.ReadForeign();</c>.
/// </summary>
/// <remarks>
/// Index order is creation order; an index freed by <see cref="Remove"/> is reused by a
/// later <see cref="Add"/> after the removal's grace period (the most recently freed
/// index first; see docs/tables.md), as QEMU re-plugs a parked vCPU into its old place.
/// Writers (<see cref="Add"/>, <see cref="Remove"/>, <see cref="Attach"/>,
/// <see cref="Detach"/>) serialise on the table's own lock.
/// </remarks>
public interface IVcpuTable<T> : IDisposable where T : class, ITableMember
{
    /// <summary>Indices in use, holes left by removals included (KVM's <c>online_vcpus</c>); it decreases only when the table shrinks, to the highest live index + 1.</summary>
    int Count { get; }

    /// <summary>Index slots allocated now.</summary>
    int Capacity { get; }

    /// <summary>Most indices the table can hand out.</summary>
    int MaxCount { get; }

    /// <summary>Ids are in [0, MaxId).</summary>
    int MaxId { get; }

    /// <summary>Bytes of the arrays, nodes and objects the table owns (members and grace-period domains excluded).</summary>
    long FootprintBytes { get; }

    /// <summary>
    /// Adds a fully built member at the next free index; returns once every reader can
    /// see it. Throws <see cref="VcpuIdOutOfRangeException"/>, <see cref="DuplicateVcpuIdException"/>
    /// or <see cref="VcpuTableFullException"/>, leaving the table unchanged.
    /// </summary>
    void Add(T member);

    /// <summary>
    /// Hot-unplug: empties the member's slot (enumeration skips it), waits for a grace
    /// period covering the table's readers, then frees its id and index for reuse.
    /// Throws <see cref="UnknownVcpuIdException"/> for an id the table does not hold.
    /// </summary>
    T Remove(int id);

    /// <summary>A view for <paramref name="participant"/>'s own thread; it starts parked.</summary>
    OwnView<T> Attach(ITableParticipant participant);

    /// <summary>Stops updating <paramref name="view"/>; call when its participant has stopped.</summary>
    void Detach(OwnView<T> view);

    /// <summary>A read guard for a thread that is not a participant (or reads on another's behalf).</summary>
    ForeignView<T> ReadForeign();
}
