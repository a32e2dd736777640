using System.Diagnostics.Metrics;
using Rcuvisor.Tables;

namespace Rcuvisor.Telemetry;

/// <summary>
/// The <c>Rcuvisor</c> meter: every live VM's counters as observable instruments, and the
/// hotplug latencies as histograms in milliseconds. Watch it with
/// <c>dotnet-counters monitor --counters Rcuvisor -n &lt;process&gt;</c>, or any
/// <see cref="MeterListener"/> (OpenTelemetry's included).
/// </summary>
/// <remarks>
/// The vCPU threads pay nothing: the counters are the ones they already keep, read by the
/// collector through <see cref="Vm.ReadStats"/> (no lock) when it asks, and the histograms
/// are recorded on the control path as each operation finishes. A VM registers when it is
/// created and unregisters when it is disposed; the registry holds it weakly, so a VM nobody
/// disposed does not live on for the meter's sake. Every measurement carries the VM's tags:
/// <c>vm.id</c> (<see cref="Vm.Id"/>), <c>table</c> (cached-move, rcu-array, radix, fixed)
/// and <c>backend</c> (sim, kvm).
/// </remarks>
public static class VmMeter
{
    /// <summary>The meter's name, what <c>dotnet-counters --counters</c> takes.</summary>
    public const string Name = "Rcuvisor";

    /// <summary>Exits from guest mode, tagged <c>exit.kind</c> (io, halt, interrupted, shutdown, error, mmio, interrupt-window).</summary>
    public const string Exits = "rcuvisor.vm.exits";
    /// <summary>Doorbells that found their target or found it unplugged, plus every interrupt-line signal.</summary>
    public const string InterruptsSent = "rcuvisor.vm.interrupts.sent";
    /// <summary>Interrupts the guests took.</summary>
    public const string InterruptsDelivered = "rcuvisor.vm.interrupts.delivered";
    /// <summary>Interrupts lost to an unplug (sent at, or still queued at, an unplugged vCPU).</summary>
    public const string InterruptsDropped = "rcuvisor.vm.interrupts.dropped";
    /// <summary>Interrupts queued at live vCPUs and not yet taken.</summary>
    public const string InterruptsInFlight = "rcuvisor.vm.interrupts.in_flight";
    /// <summary>Kick calls at the VM's vCPUs (most find the vCPU already out of guest mode).</summary>
    public const string Kicks = "rcuvisor.vm.kicks";
    /// <summary>Request tickets raised at the VM's vCPUs.</summary>
    public const string RequestsRaised = "rcuvisor.vm.requests.raised";
    /// <summary>Request tickets the vCPUs consumed.</summary>
    public const string RequestsAcknowledged = "rcuvisor.vm.requests.acknowledged";
    /// <summary>CreateVcpu calls that grew the table (those before the start included).</summary>
    public const string TableGrowths = "rcuvisor.vm.table.growths";
    /// <summary>DestroyVcpu calls that shrank the table (it was left at most a quarter full).</summary>
    public const string TableShrinks = "rcuvisor.vm.table.shrinks";
    /// <summary>Guest mistakes the VMM refused, tagged <c>error.kind</c> (absent-target, unknown-port, unmapped-mmio).</summary>
    public const string GuestErrors = "rcuvisor.vm.guest_errors";
    /// <summary>vCPUs plugged in now.</summary>
    public const string VcpusLive = "rcuvisor.vm.vcpus.live";
    /// <summary>Each plug (<see cref="Vm.CreateVcpu"/>), start of its thread included, in ms.</summary>
    public const string VcpuPlugDuration = "rcuvisor.vm.vcpu.plug.duration";
    /// <summary>Each table Add that grew the table while vCPUs ran, in ms (growths before the start are not timed).</summary>
    public const string TableGrowthDuration = "rcuvisor.vm.table.growth.duration";
    /// <summary>Each unplug (<see cref="Vm.DestroyVcpu"/>), in ms.</summary>
    public const string VcpuUnplugDuration = "rcuvisor.vm.vcpu.unplug.duration";

    private static readonly Meter Meter = new(Name, typeof(VmMeter).Assembly.GetName().Version?.ToString());
    private static readonly List<WeakReference<Vm>> Registered = []; // guarded by itself, held for list operations only
    private static long s_lastId;

    private static readonly (string Tag, Func<VmStatsSnapshot, long> Read)[] ExitKinds =
    [
        ("io", s => s.Vcpus.ExitsIo),
        ("halt", s => s.Vcpus.ExitsHalt),
        ("interrupted", s => s.Vcpus.ExitsInterrupted),
        ("shutdown", s => s.Vcpus.ExitsShutdown),
        ("error", s => s.Vcpus.ExitsError),
        ("mmio", s => s.Vcpus.ExitsMmio),
        ("interrupt-window", s => s.Vcpus.ExitsInterruptWindow),
    ];

    private static readonly (string Tag, Func<VmStatsSnapshot, long> Read)[] GuestErrorKinds =
    [
        ("absent-target", s => s.Vcpus.GuestErrorsAbsentTarget),
        ("unknown-port", s => s.Vcpus.GuestErrorsUnknownPort),
        ("unmapped-mmio", s => s.Vcpus.GuestErrorsUnmappedMmio),
    ];

    internal static readonly Histogram<double> PlugDuration =
        Meter.CreateHistogram<double>(VcpuPlugDuration, "ms", "Each vCPU plugged in (CreateVcpu): backend vCPU, table Add, thread start.");
    internal static readonly Histogram<double> GrowthDuration =
        Meter.CreateHistogram<double>(TableGrowthDuration, "ms", "Table Add that grew the table while vCPUs ran: copy, publish, move every view, grace period.");
    internal static readonly Histogram<double> UnplugDuration =
        Meter.CreateHistogram<double>(VcpuUnplugDuration, "ms", "Each vCPU unplugged (DestroyVcpu): table Remove, grace periods, thread stop and join.");

    static VmMeter()
    {
        Meter.CreateObservableCounter(Exits, () => ObserveByKind(ExitKinds, "exit.kind"), "{exit}", "Exits from guest mode by kind.");
        Meter.CreateObservableCounter(InterruptsSent, () => Observe(s => s.InterruptsSent), "{interrupt}", "Doorbells at existing or unplugged targets plus interrupt-line signals.");
        Meter.CreateObservableCounter(InterruptsDelivered, () => Observe(s => s.InterruptsDelivered), "{interrupt}", "Interrupts the guests took.");
        Meter.CreateObservableCounter(InterruptsDropped, () => Observe(s => s.InterruptsDropped), "{interrupt}", "Interrupts lost to an unplug.");
        Meter.CreateObservableUpDownCounter(InterruptsInFlight, () => Observe(s => s.InterruptsInFlight), "{interrupt}", "Interrupts queued at live vCPUs, not yet taken.");
        Meter.CreateObservableCounter(Kicks, () => Observe(s => s.Vcpus.Kicks), "{kick}", "Kick calls at the VM's vCPUs.");
        Meter.CreateObservableCounter(RequestsRaised, () => Observe(s => s.Vcpus.RequestsRaised), "{request}", "Request tickets raised.");
        Meter.CreateObservableCounter(RequestsAcknowledged, () => Observe(s => s.Vcpus.RequestsAcknowledged), "{request}", "Request tickets consumed by the vCPUs.");
        Meter.CreateObservableCounter(TableGrowths, () => Observe(s => s.TableGrowths), "{growth}", "CreateVcpu calls that grew the vCPU table.");
        Meter.CreateObservableCounter(TableShrinks, () => Observe(s => s.TableShrinks), "{shrink}", "DestroyVcpu calls that shrank the vCPU table.");
        Meter.CreateObservableCounter(GuestErrors, () => ObserveByKind(GuestErrorKinds, "error.kind"), "{error}", "Guest mistakes refused, by kind.");
        Meter.CreateObservableUpDownCounter(VcpusLive, () => Observe(s => s.LiveVcpus), "{vcpu}", "vCPUs plugged in.");
    }

    /// <summary>A number for a new VM, unique in this process.</summary>
    internal static long NextId() => Interlocked.Increment(ref s_lastId);

    /// <summary>The tags on every measurement of VM <paramref name="id"/>.</summary>
    internal static KeyValuePair<string, object?>[] TagsOf(long id, VmOptions options) =>
    [
        new("vm.id", id),
        new("table", VcpuTableStrategyNames.NameOf(options.Table)),
        new("backend", options.Hypervisor.Name),
    ];

    /// <summary>Observes <paramref name="vm"/> from now until <see cref="Unregister"/> (or until it is collected).</summary>
    internal static void Register(Vm vm)
    {
        lock (Registered)
        {
            Registered.RemoveAll(r => !r.TryGetTarget(out _));
            Registered.Add(new WeakReference<Vm>(vm));
        }
    }

    internal static void Unregister(Vm vm)
    {
        lock (Registered)
            Registered.RemoveAll(r => !r.TryGetTarget(out var target) || ReferenceEquals(target, vm));
    }

    /// <summary>The registered VMs still alive, copied out so that reading their stats holds no lock.</summary>
    private static List<Vm> Live()
    {
        var live = new List<Vm>();
        lock (Registered)
        {
            foreach (var reference in Registered)
            {
                if (reference.TryGetTarget(out var vm))
                    live.Add(vm);
            }
        }
        return live;
    }

    private static IEnumerable<Measurement<long>> Observe(Func<VmStatsSnapshot, long> read)
    {
        foreach (var vm in Live())
            yield return new Measurement<long>(read(vm.ReadStats()), vm.MeterTags);
    }

    private static IEnumerable<Measurement<long>> ObserveByKind((string Tag, Func<VmStatsSnapshot, long> Read)[] kinds, string tagName)
    {
        foreach (var vm in Live())
        {
            var stats = vm.ReadStats(); // one read for every kind, so they come from one moment
            foreach (var (tag, read) in kinds)
                yield return new Measurement<long>(read(stats), [.. vm.MeterTags, new(tagName, tag)]);
        }
    }
}
