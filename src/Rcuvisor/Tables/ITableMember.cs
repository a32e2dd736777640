namespace Rcuvisor.Tables;

/// <summary>What a vCPU table holds: a vCPU, or anything else with a stable id.</summary>
public interface ITableMember
{
    /// <summary>The member's id (KVM's <c>vcpu_id</c>): fixed for its lifetime, unique in its table.</summary>
    int Id { get; }
}
