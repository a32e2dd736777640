using Rcuvisor.Backends;
using Rcuvisor.Execution;

namespace Rcuvisor.Devices;

/// <summary>
/// The doorbell at <see cref="GuestPorts.Doorbell"/>: a write names a target vCPU id, and
/// the writer's exit handler queues an interrupt at that vCPU, found through the writer's
/// own view of the table (the path the cached-move table exists for). Reads return 0.
/// </summary>
public sealed class DoorbellDevice : IIoDevice
{
    public static DoorbellDevice Instance { get; } = new();

    /// <summary>The doorbell's place on the port bus: an OUT of up to 4 bytes at the doorbell port.</summary>
    public static IoDeviceMapping PortMapping { get; } = new(GuestPorts.Doorbell, 4, Instance);

    public void Write(Vcpu vcpu, ulong address, int size, ulong value) => vcpu.RingDoorbell(value);

    public ulong Read(Vcpu vcpu, ulong address, int size) => 0;
}
