namespace Rcuvisor.Tables;

/// <summary>An id below zero or at or above the table's id bound.</summary>
public sealed class VcpuIdOutOfRangeException(int id, int maxId)
    : ArgumentOutOfRangeException("id", id, $"vCPU id {id} is outside [0, {maxId}): the table's id bound is {maxId}.")
{
    public int Id { get; } = id;

    public int MaxId { get; } = maxId;
}
