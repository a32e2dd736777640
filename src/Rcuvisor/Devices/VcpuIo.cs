namespace Rcuvisor.Devices;

/// <summary>The two buses a vCPU's exits reach devices through.</summary>
public sealed record VcpuIo(IoBus Ports, IoBus Mmio)
{
    /// <summary>The doorbell on the port bus, nothing on MMIO: what the guest programs need.</summary>
    public static VcpuIo Default { get; } = new(new IoBus([DoorbellDevice.PortMapping]), IoBus.Empty);
}
