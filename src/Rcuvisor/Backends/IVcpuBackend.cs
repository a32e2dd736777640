namespace Rcuvisor.Backends;

/// <summary>
/// One virtual CPU of a backend (cloud-hypervisor's <c>hypervisor::cpu::Vcpu</c>, minimal).
/// Everything here is called only by the vCPU's own thread, except <see cref="Kick"/>
/// (any thread) and <see cref="IDisposable.Dispose"/> (after that thread has ended).
/// </summary>
public interface IVcpuBackend : IDisposable
{
    /// <summary>The vCPU id this backend vCPU was created with.</summary>
    int Id { get; }

    /// <summary>
    /// The vCPU's thread calls this first, before it can be kicked in earnest (KVM: it
    /// publishes its pthread for the kick signal). A kick before it still makes the next
    /// <see cref="Run"/> return at once.
    /// </summary>
    void AttachThread();

    /// <summary>
    /// The vCPU's thread calls this last. When it returns, no <see cref="Kick"/> will touch
    /// the thread any more (KVM: no signal is sent to a thread that is about to end).
    /// </summary>
    void DetachThread();

    /// <summary>
    /// Runs the guest until it exits. Returns <see cref="VcpuExit.Interrupted"/> promptly
    /// after a <see cref="Kick"/>, including one that landed before this call began.
    /// Allocates nothing.
    /// </summary>
    VcpuExit Run();

    /// <summary>
    /// True when the guest can accept an injected interrupt at its next entry (interrupts
    /// enabled, none injected and not yet taken): KVM's <c>ready_for_interrupt_injection</c>
    /// and <c>if_flag</c>.
    /// </summary>
    bool CanTakeInterrupt { get; }

    /// <summary>
    /// Injects one interrupt for the guest to take at its next entry if it can take one
    /// now, and returns true. Otherwise asks to exit with <see cref="VcpuExitKind.InterruptWindow"/>
    /// as soon as it can (KVM's <c>request_interrupt_window</c>) and returns false.
    /// </summary>
    bool TryInjectInterrupt();

    /// <summary>
    /// True while an injected interrupt has not been taken by the guest yet: the next
    /// entry delivers it. KVM, with <c>immediate_exit</c> set, returns from <c>KVM_RUN</c>
    /// before entry and keeps it queued; read after <see cref="Run"/> returns.
    /// </summary>
    bool HasUntakenInterrupt { get; }

    /// <summary>The data for the last exit's IN or MMIO load, handed to the guest at the next entry.</summary>
    void CompleteRead(ulong value);

    /// <summary>
    /// Makes the current or the next <see cref="Run"/> return <see cref="VcpuExit.Interrupted"/>
    /// (KVM's <c>immediate_exit</c> plus a signal). Safe from any thread; a kick is consumed
    /// by the run it interrupts, so several kicks before one run cost one exit.
    /// </summary>
    void Kick();
}
