namespace Rcuvisor.Backends;

/// <summary>
/// One virtual CPU of a backend (cloud-hypervisor's <c>hypervisor::cpu::Vcpu</c>, minimal).
/// <see cref="Run"/>, <see cref="CanTakeInterrupt"/> and <see cref="InjectInterrupt"/> are
/// called only by the vCPU's own thread; <see cref="Kick"/> from any thread.
/// </summary>
public interface IVcpuBackend : IDisposable
{
    /// <summary>The vCPU id this backend vCPU was created with.</summary>
    int Id { get; }

    /// <summary>
    /// Runs the guest until it exits. Returns <see cref="VcpuExit.Interrupted"/> promptly
    /// after a <see cref="Kick"/>, including one that landed before this call began.
    /// Allocates nothing.
    /// </summary>
    VcpuExit Run();

    /// <summary>
    /// True when the guest can accept an injected interrupt at its next entry (interrupts
    /// enabled, none injected and not yet taken): KVM's <c>ready_for_interrupt_injection</c>.
    /// </summary>
    bool CanTakeInterrupt { get; }

    /// <summary>
    /// Queues one interrupt for the guest to take at its next entry, exactly once.
    /// Only when <see cref="CanTakeInterrupt"/> is true.
    /// </summary>
    void InjectInterrupt();

    /// <summary>
    /// Makes the current or the next <see cref="Run"/> return <see cref="VcpuExit.Interrupted"/>
    /// (KVM's <c>immediate_exit</c> plus a signal). Safe from any thread; a kick is consumed
    /// by the run it interrupts, so several kicks before one run cost one exit.
    /// </summary>
    void Kick();
}
