namespace Rcuvisor.Tables;

/// <summary>An id below zero or at or above the table's id bound.</summary>
public sealed class VcpuIdOutOfRangeException(int id, int maxId)
    : ArgumentOutOfRangeException("id", id, $"vCPU id {id} is outside [0, {maxId}): the table's id bound is {maxId}.")
{
    /// <summary>The id that was out of range.</summary>
    public int Id { get; } = id;

    /// <summary>Ids must be below this.</summary>
    public int MaxId { get; } = maxId;
}
