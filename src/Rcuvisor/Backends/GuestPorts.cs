namespace Rcuvisor.Backends;

/// <summary>The I/O ports the guest programs use to talk to the VMM; one place, for every backend.</summary>
public static class GuestPorts
{
    /// <summary>OUT here rings a doorbell: the value names the target vCPU id.</summary>
    public const ushort Doorbell = 0x00DB;
}
