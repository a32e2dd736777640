namespace Rcuvisor.Execution;

/// <summary>What a guest did that the VMM refused, counted per vCPU; the vCPU carries on.</summary>
public enum GuestErrorKind
{
    /// <summary>An IN or OUT at a port no device is on.</summary>
    UnknownPort,
    /// <summary>A load or store at guest-physical memory that is neither RAM nor a device.</summary>
    UnmappedMmio,
    /// <summary>A doorbell naming a vCPU id that does not exist and was never unplugged.</summary>
    AbsentDoorbellTarget,
}
