namespace Rcuvisor.Tables;

/// <summary>An <c>Add</c> when every index up to the table's maximum count is in use.</summary>
public sealed class VcpuTableFullException(int id, int count, int maxCount)
    : InvalidOperationException($"Cannot add vCPU id {id}: the table holds {count} vCPUs and its maximum is {maxCount}.")
{
    /// <summary>Indices in use when the add was refused.</summary>
    public int Count { get; } = count;

    /// <summary>The table's maximum count.</summary>
    public int MaxCount { get; } = maxCount;
}
