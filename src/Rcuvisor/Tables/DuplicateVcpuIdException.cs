namespace Rcuvisor.Tables;

/// <summary>An <c>Add</c> of an id the table already holds.</summary>
public sealed class DuplicateVcpuIdException(int id, int maxId)
    : ArgumentException($"vCPU id {id} is already in the table (ids are unique, below {maxId}).", "member")
{
    /// <summary>The id that was already in the table.</summary>
    public int Id { get; } = id;
}
