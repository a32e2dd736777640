using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;
using Rcuvisor.Devices;
using Rcuvisor.Execution;
using Rcuvisor.Tables;

namespace Rcuvisor;

/// <summary>What <see cref="Vm.Create"/> builds: backend, table strategy, limits and guest.</summary>
public sealed record VmOptions
{
    /// <summary>The largest maximum a VM accepts, for vCPUs and for ids: 2^20, as the tables'.</summary>
    public const int Limit = VcpuTableLimits.DefaultMaximum;

    /// <summary>The simulated backend, the cached-move table, 1024 vCPUs and ids, a halting guest.</summary>
    public static VmOptions Default { get; } = new();

    /// <summary>Makes the backend VM and its vCPUs. The core knows only the simulated one; the CLI picks KVM.</summary>
    public IHypervisor Hypervisor { get; init; } = new SimulatedHypervisor();

    /// <summary>Which vCPU table the VM keeps: cached move (the default), RCU array, radix tree or fixed.</summary>
    public VcpuTableStrategy Table { get; init; } = VcpuTableStrategy.CachedMove;

    /// <summary>Most vCPUs at once (KVM_MAX_VCPUS). Fixed allocates this many slots up front.</summary>
    public int MaxVcpus { get; init; } = 1024;

    /// <summary>vCPU ids are in [0, MaxVcpuIds) (KVM_MAX_VCPU_IDS).</summary>
    public int MaxVcpuIds { get; init; } = 1024;

    /// <summary>The program every vCPU runs.</summary>
    public GuestProgram Guest { get; init; } = GuestProgram.Halt();

    /// <summary>Tunables and hooks every vCPU gets.</summary>
    public VcpuOptions Vcpu { get; init; } = VcpuOptions.Default;

    /// <summary>Devices on the port bus besides the doorbell (at <see cref="GuestPorts.Doorbell"/>, always there).</summary>
    public IReadOnlyList<IoDeviceMapping> PortDevices { get; init; } = [];

    /// <summary>Devices on the MMIO bus: guest-physical ranges outside guest memory.</summary>
    public IReadOnlyList<IoDeviceMapping> MmioDevices { get; init; } = [];

    /// <summary>Poison retired tables, so a vCPU that reads one after its grace period is caught (debug builds check).</summary>
    public bool CheckedGracePeriods { get; init; }

    /// <summary>
    /// vCPU threads kept started and parked, so that <see cref="Vm.CreateVcpu"/> hands the new
    /// vCPU to a running thread instead of waiting for the scheduler to run a new one. A VM
    /// costs its vCPUs' threads plus this many (and, once started, the grace-period worker of
    /// each of its domains in use: one, two for RcuArray). 0: a thread is started per vCPU as it
    /// starts, by a thread-pool worker, so <see cref="Vm.CreateVcpu"/> still does not wait for it.
    /// </summary>
    public int SpareVcpuThreads { get; init; } = 2;

    /// <summary>How long Pause and Resume wait for every vCPU's acknowledgement.</summary>
    public TimeSpan ControlTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Hypervisor, nameof(Hypervisor));
        ArgumentNullException.ThrowIfNull(Guest, nameof(Guest));
        ArgumentNullException.ThrowIfNull(Vcpu, nameof(Vcpu));
        ArgumentNullException.ThrowIfNull(PortDevices, nameof(PortDevices));
        ArgumentNullException.ThrowIfNull(MmioDevices, nameof(MmioDevices));
        ThrowIfOutside(MaxVcpus, nameof(MaxVcpus));
        ThrowIfOutside(MaxVcpuIds, nameof(MaxVcpuIds));
        if (MaxVcpus > Hypervisor.MaxVcpus)
            throw new ArgumentOutOfRangeException(nameof(MaxVcpus), MaxVcpus, $"The {Hypervisor.Name} backend takes at most {Hypervisor.MaxVcpus} vCPUs per VM.");
        if (MaxVcpuIds > Hypervisor.MaxVcpuIds)
            throw new ArgumentOutOfRangeException(nameof(MaxVcpuIds), MaxVcpuIds, $"The {Hypervisor.Name} backend takes vCPU ids below {Hypervisor.MaxVcpuIds}.");
        if (!Enum.IsDefined(Table))
            throw new ArgumentOutOfRangeException(nameof(Table), Table, "Unknown vCPU table strategy.");
        if (SpareVcpuThreads is < 0 or > 64)
            throw new ArgumentOutOfRangeException(nameof(SpareVcpuThreads), SpareVcpuThreads, "SpareVcpuThreads must be between 0 and 64.");
        if (ControlTimeout <= TimeSpan.Zero && ControlTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(ControlTimeout), ControlTimeout, "The control timeout must be positive or infinite.");
    }

    private static void ThrowIfOutside(int value, string name)
    {
        if (value < 1 || value > Limit)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between 1 and {Limit}.");
    }
}
