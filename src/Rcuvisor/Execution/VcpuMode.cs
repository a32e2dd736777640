namespace Rcuvisor.Execution;

/// <summary>
/// Where a vCPU's thread is with respect to the guest, as KVM's <c>vcpu->mode</c>, plus
/// one state KVM does not need: <see cref="ReadingPeers"/>, the only stretch in which the
/// vCPU reads its peers through its own view. Only the vCPU's thread moves it to
/// <see cref="InGuest"/>, <see cref="ReadingPeers"/> or <see cref="OutsideGuest"/>; a kicker
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
    /// Out of the guest, in a doorbell exit's handler, between looking up the target through
    /// its own view and signalling it: the one mode a table's update round waits for. For
    /// kickers it is <see cref="OutsideGuest"/>.
    /// </summary>
    ReadingPeers = 3,
}
