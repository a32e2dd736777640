namespace Rcuvisor.Execution;

/// <summary>
/// An interrupt line bound to a target vCPU id, signalled from any thread (KVM's irqfd
/// analogue). Each signal looks the target up through the foreign lookup, inside its read
/// section, and is counted once: queued at the target (which delivers it once) or dropped.
/// </summary>
public sealed class IrqLine
{
    private readonly IForeignVcpuLookup _lookup;
    private long _signals;
    private long _queued;
    private long _dropped;

    /// <summary>A line bound to vCPU <paramref name="targetId"/>, found through <paramref name="lookup"/> at each signal.</summary>
    public IrqLine(int targetId, IForeignVcpuLookup lookup)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetId);
        ArgumentNullException.ThrowIfNull(lookup);
        TargetId = targetId;
        _lookup = lookup;
    }

    /// <summary>The vCPU id the line interrupts.</summary>
    public int TargetId { get; }

    /// <summary>Signals so far: queued plus dropped.</summary>
    public long Signals => Volatile.Read(ref _signals);

    /// <summary>Signals that found their target and queued an interrupt there.</summary>
    public long Queued => Volatile.Read(ref _queued);

    /// <summary>Signals whose target did not exist: reported here and by <see cref="Signal"/>'s result.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Signals the line from any thread: queues one interrupt at the target, or counts a drop when it does not exist.</summary>
    public IrqSignalResult Signal()
    {
        Interlocked.Increment(ref _signals);
        var queue = new QueueInterrupt();
        if (_lookup.TryVisit(TargetId, ref queue))
        {
            Interlocked.Increment(ref _queued);
            return IrqSignalResult.Queued;
        }
        Interlocked.Increment(ref _dropped);
        return IrqSignalResult.DroppedNoTarget;
    }

    /// <summary>Runs inside the lookup's read section, so the target cannot be torn down under it.</summary>
    private struct QueueInterrupt : IVcpuVisitor
    {
        public readonly void Visit(Vcpu vcpu) => vcpu.QueueInterrupt();
    }
}
