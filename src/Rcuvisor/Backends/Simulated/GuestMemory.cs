namespace Rcuvisor.Backends.Simulated;

/// <summary>
/// The part of the simulated guest's memory the core can observe: one interrupt counter
/// per vCPU id, written by the guest's interrupt handler (that vCPU's thread) and read by
/// anyone. Each counter sits on its own pair of cache lines, so vCPUs counting their own
/// interrupts do not slow each other down.
/// </summary>
public sealed class GuestMemory
{
    private const int SlotStride = 16; // 16 longs = 128 bytes: a cache line and its prefetch pair
    private readonly long[] _words;

    /// <summary>Room for one counter per vCPU id from 0 to <paramref name="maxVcpuId"/>.</summary>
    public GuestMemory(int maxVcpuId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxVcpuId);
        _words = new long[(maxVcpuId + 1) * SlotStride];
    }

    /// <summary>The largest vCPU id with a counter.</summary>
    public int MaxVcpuId => _words.Length / SlotStride - 1;

    /// <summary>The guest's handler on vCPU <paramref name="id"/> counts one interrupt; that vCPU's thread only.</summary>
    internal void CountInterrupt(int id)
    {
        ref long slot = ref _words[id * SlotStride];
        Volatile.Write(ref slot, slot + 1); // single writer; release so readers see whole values in order
    }

    /// <summary>The interrupts counted so far on vCPU <paramref name="id"/>; any thread.</summary>
    public long InterruptCount(int id) => Volatile.Read(ref _words[id * SlotStride]);
}
