using System.Diagnostics;
using Rcuvisor.Backends;
using Rcuvisor.Execution;
using Rcuvisor.Tables;

namespace Rcuvisor.Bench;

/// <summary>
/// A VM with <see cref="Vcpus"/> running vCPUs (a power of two, so the array tables are full),
/// into which one more is plugged (growing them, and the radix tree at 64) and then
/// unplugged: one sample of each latency per fresh VM.
/// </summary>
internal sealed record SlowPathScenario(string Name, int Vcpus, Func<int, GuestProgram> Guest)
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(30);

    /// <summary>64 vCPUs halted in the guest: the plug grows every growable table, the radix tree too.</summary>
    public static SlowPathScenario Halted { get; } = new("64 halted vCPUs", 64, _ => GuestProgram.Halt());

    /// <summary>8 vCPUs ringing each other's doorbells: more runnable threads than this machine's cores.</summary>
    public static SlowPathScenario Busy { get; } = new("8 busy vCPUs", 8, n => GuestProgram.Doorbell(DoorbellRun.Work, [.. Enumerable.Range(0, n)]));

    public static IReadOnlyList<SlowPathScenario> All { get; } = [Halted, Busy];

    /// <summary>Room for the one plugged in after the start (and the same again, so the array tables must grow).</summary>
    public int MaxVcpus => 2 * Vcpus;

    /// <summary>Its VMs, as results.json describes them.</summary>
    public BenchVmShape Shape => new(MaxVcpus, GuestDescription.From(Guest(Vcpus)));

    /// <summary>One fresh VM: its vCPUs started, one more plugged in and unplugged.</summary>
    public SlowPathSample Sample(IHypervisor hypervisor, VcpuTableStrategy strategy, CancellationToken cancellationToken)
    {
        using var vm = Vm.Create(new VmOptions { Hypervisor = hypervisor, Table = strategy, MaxVcpus = MaxVcpus, MaxVcpuIds = MaxVcpus, Guest = Guest(Vcpus) });
        for (int id = 0; id < Vcpus; id++)
            vm.CreateVcpu(id);
        // The earlier samples' VMs are garbage now: collect them here, before this VM's vCPUs
        // run, not inside a timed call. With 8 busy simulated vCPUs on 2 cores a collection
        // waits 8-28 ms for their threads (their guest loops are managed code; a KVM vCPU
        // thread waits in KVM_RUN, which a collection does not wait for), and the samples'
        // setup, not the call it lands in, made it due. Running vCPUs allocate nothing.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        vm.Start();
        WaitUntilAllRun(vm, cancellationToken);
        cancellationToken.WaitHandle.WaitOne(Settle);
        cancellationToken.ThrowIfCancellationRequested();

        var before = vm.ReadStats();
        var create = Timed(() => vm.CreateVcpu(Vcpus));
        var growth = vm.ReadStats().GrowthLatency;
        var destroy = Timed(() => vm.DestroyVcpu(Vcpus));
        vm.Pause();
        var audit = vm.Audit(); // the rounds deferred past both calls have ended and are counted
        if (!audit.Passed)
            throw new InvalidOperationException($"slow path, {Name}, {strategy}: the audit after the unplug failed: {string.Join("; ", audit.Violations)}");
        var after = audit.Stats;
        return new SlowPathSample(create.Ms, growth.Count == 1 ? growth.MaxMs : null, destroy.Ms,
            after.TableUpdateRounds - before.TableUpdateRounds,
            after.TableRoundsThatWaited - before.TableRoundsThatWaited,
            after.TableRoundWaitMs - before.TableRoundWaitMs, create.Collections, destroy.Collections, create.Switches, destroy.Switches);
    }

    /// <summary>One slow call's milliseconds, and the collections and context switches of this thread during it (counted outside the timed region).</summary>
    private static (double Ms, int Collections, ThreadSwitches Switches) Timed(Action call)
    {
        int collections = GC.CollectionCount(0); // every collection counts in generation 0's count
        var switches = ThreadSwitches.OfThisThread();
        long start = Stopwatch.GetTimestamp();
        call();
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return (ms, GC.CollectionCount(0) - collections, ThreadSwitches.OfThisThread() - switches);
    }

    private static void WaitUntilAllRun(Vm vm, CancellationToken cancellationToken)
    {
        long deadline = Environment.TickCount64 + (long)StartBound.TotalMilliseconds;
        while (vm.Vcpus.Any(v => v.State == VcpuRunState.NotStarted))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Environment.TickCount64 > deadline)
                throw new TimeoutException($"vCPU threads had not all started within {StartBound}");
            Thread.Sleep(1);
        }
    }
}
