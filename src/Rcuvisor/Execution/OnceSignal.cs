namespace Rcuvisor.Execution;

/// <summary>
/// A flag set once and waited for with a timeout: the job of a ManualResetEventSlim, done on
/// a <see cref="Monitor"/> (as <see cref="VcpuRequests"/> waits) because Coyote's systematic
/// scheduler (tests/Rcuvisor.Coyote.Tests) controls Monitor but not the slim event, and a
/// Stop waiting where Coyote cannot see hangs every exploration that stops a vCPU.
/// Holds no OS handle, so it needs no disposal, and a late Set is harmless.
/// </summary>
internal sealed class OnceSignal
{
    private readonly object _gate = new();
    private bool _set; // written under _gate, read with acquire outside it

    public bool IsSet => Volatile.Read(ref _set);

    public void Set()
    {
        lock (_gate)
        {
            _set = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>True once set; false if <paramref name="timeout"/> passed first.</summary>
    public bool Wait(TimeSpan timeout)
    {
        if (Volatile.Read(ref _set))
            return true;
        long deadline = Vcpu.DeadlineAfter(timeout);
        lock (_gate)
        {
            while (!_set)
            {
                long remaining = deadline - Environment.TickCount64;
                if (remaining <= 0)
                    return false;
                Monitor.Wait(_gate, (int)Math.Min(remaining, int.MaxValue));
            }
            return true;
        }
    }
}
