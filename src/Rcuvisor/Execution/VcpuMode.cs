namespace Rcuvisor.Execution;

/// <summary>
/// Where a vCPU's thread is with respect to the guest, as KVM's <c>vcpu->mode</c>, plus
/// one state KVM does not need: <see cref="HandlingExit"/>, the only stretch in which the
/// vCPU reads its peers through its own view. Only the vCPU's thread moves it to
/// <see cref="InGuest"/>, <see cref="HandlingExit"/> or <see cref="OutsideGuest"/>; a kicker
/// moves it from <see cref="InGuest"/> to <see cref="ExitingGuest"/>, once.
/// </summary>
public enum VcpuMode
{
    /// <summary>Not running the guest: requests and interrupts are seen before the next entry.</summary>
    OutsideGuest = 0,
    /// <summary>Committed to run the guest (or running it): a requester must interrupt the backend.</summary>
    InGuest = 1,
    /// <summary>Someone has already interrupted the backend; later requesters need not.</summary>
    ExitingGuest = 2,
    /// <summary>
    /// Out of the guest and in its exit handler, reading peers through its own view: the one
    /// mode a growing cached-move table waits for. For kickers it is <see cref="OutsideGuest"/>.
    /// </summary>
    HandlingExit = 3,
}
