using Rcuvisor.Kvm.Interop;

namespace Rcuvisor.Kvm;

/// <summary>
/// Kicks one vCPU out of KVM_RUN from any thread: <c>immediate_exit = 1</c>, then, if the
/// vCPU thread is bound, <c>pthread_kill</c> with <see cref="KickSignal"/>. The vCPU thread
/// calls <see cref="Bind"/> on itself before its first run and <see cref="Unbind"/> before it
/// exits; after Unbind returns no kicker is between reading the thread and signalling it,
/// so a dead (or reused) pthread_t is never signalled.
/// </summary>
public sealed class VcpuKicker
{
    private readonly KvmRunMapping _run;
    private readonly int _signal;
    private nuint _thread; // the bound pthread_t; 0 when unbound
    private int _kicksInFlight; // kickers between their read of _thread and the end of pthread_kill

    /// <summary>Creates the kicker of one vCPU's run page; installs <see cref="KickSignal"/> if needed.</summary>
    public VcpuKicker(KvmRunMapping run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _run = run;
        _signal = KickSignal.Number;
    }

    /// <summary>True while a thread is bound.</summary>
    public bool IsBound => Volatile.Read(ref _thread) != 0;

    /// <summary>The signal this kicker sends.</summary>
    public int Signal => _signal;

    /// <summary>The vCPU thread, on itself, before it first runs: kicks from now on signal it.</summary>
    public void Bind()
    {
        nuint self = Libc.PthreadSelf();
        // Full fence (CAS): the thread is published before this thread's next KVM_RUN; a kick
        // that read 0 just before set immediate_exit first, so that run returns at once anyway.
        if (Interlocked.CompareExchange(ref _thread, self, 0) != 0)
        {
            throw new InvalidOperationException("this vCPU kicker is already bound to a thread; Unbind it first");
        }
    }

    /// <summary>
    /// The bound thread, on itself, before it exits: stop being signalled, and wait until no
    /// kicker can still signal it. Kicks after this only set immediate_exit.
    /// </summary>
    public void Unbind()
    {
        if (Volatile.Read(ref _thread) != Libc.PthreadSelf())
        {
            throw new InvalidOperationException("Unbind must be called by the bound thread itself");
        }
        // Full fence (xchg), paired with the kicker's Interlocked.Increment: in their single
        // total order either our exchange comes first, so the kicker's later read of _thread
        // sees 0 and sends nothing, or its increment does, so our read below sees it in flight.
        Interlocked.Exchange(ref _thread, 0);
        var spin = new SpinWait();
        while (Volatile.Read(ref _kicksInFlight) != 0)
        {
            spin.SpinOnce(sleep1Threshold: -1); // a kicker is between reading the old thread and pthread_kill returning: yield to it, never sleep 1 ms
        }
    }

    /// <summary>
    /// Any thread: makes the vCPU's current or next KVM_RUN return EINTR. Returns true when a
    /// signal was sent (a thread was bound), false when only immediate_exit was set.
    /// </summary>
    public bool Kick()
    {
        _run.SetImmediateExit(); // release: what the kicker wrote before (a request) is seen with the flag
        Interlocked.Increment(ref _kicksInFlight); // full fence: paired with Unbind's exchange
        try
        {
            nuint thread = Volatile.Read(ref _thread);
            if (thread == 0)
            {
                return false;
            }
            int error = Libc.PthreadKill(thread, _signal);
            // EAGAIN: the user's real-time signal queue is full (RLIMIT_SIGPENDING), as a flood of
            // kicks at a thread not yet scheduled fills it: best effort, like immediate_exit above.
            if (error != 0 && error != Errno.EAGAIN)
            {
                throw new KvmException("pthread_kill", "vcpu thread", error, $"signal {_signal}");
            }
            return true;
        }
        finally
        {
            Interlocked.Decrement(ref _kicksInFlight); // after pthread_kill returned: Unbind may proceed
        }
    }
}
