namespace Rcuvisor.Tables;

/// <summary>A <c>Remove</c> of an id (within range) that the table does not hold.</summary>
public sealed class UnknownVcpuIdException(int id, int maxId)
    : KeyNotFoundException($"No vCPU with id {id} in the table (ids are below {maxId}).")
{
    /// <summary>The id the table does not hold.</summary>
    public int Id { get; } = id;
}
