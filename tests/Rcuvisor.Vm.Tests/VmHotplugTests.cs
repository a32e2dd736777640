using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;
using Rcuvisor.Tables;
using Rcuvisor.Workloads;

namespace Rcuvisor.VmTests;

/// <summary>vCPUs plugged in and pulled out of a running VM, under doorbells and interrupt lines, for every table strategy.</summary>
public sealed class VmHotplugTests
{
    [Theory]
    [MemberData(nameof(AllStrategies.EachWithEntryRules), MemberType = typeof(AllStrategies))]
    public void Growing_from_4_to_256_under_load_loses_nothing_and_leaves_every_view_current(VcpuTableStrategy strategy, SimulatedEntryRules rules)
    {
        const int rings = 200;
        using var vm = Vm.Create(new VmOptions
        {
            Hypervisor = new SimulatedHypervisor(rules),
            Table = strategy,
            MaxVcpus = 256,
            MaxVcpuIds = 256,
            Guest = GuestProgram.Doorbell(workIterations: 2000, targets: [0, 1, 2, 3], rings),
            CheckedGracePeriods = true, // a vCPU reading a retired table throws (debug build), which the audit reports
        });
        for (int id = 0; id < 4; id++)
            vm.CreateVcpu(id);
        vm.Start();
        var lines = Enumerable.Range(0, 4).Select(vm.CreateIrqLine).ToArray();
        using var storm = new IrqLoad(lines, threads: 2);
        long sentBefore = vm.ReadStats().InterruptsSent;

        // Plugs no longer wait for anything (issue 12), so 252 of them can finish before a
        // busy host schedules the storm at all: every 16 plugs, let the load catch up, so the
        // table grows under it by construction.
        long sent = sentBefore;
        for (int id = 4; id < 256; id++)
        {
            vm.CreateVcpu(id);
            if (id % 16 == 0)
            {
                long seen = sent;
                Eventually.True(() => vm.ReadStats().InterruptsSent > seen, () => $"interrupts sent after vCPU {id} was plugged: {vm.ReadStats()}");
                sent = vm.ReadStats().InterruptsSent;
            }
        }

        long sentDuring = vm.ReadStats().InterruptsSent - sentBefore;
        StopCleanly(storm);
        // Each vCPU rings `rings` times, then halts; halted guests take what is still queued.
        var audit = PauseWhenAllTaken(vm, 256L * rings);
        var stats = audit.Stats;
        TestContext.Current.SendDiagnosticMessage(
            $"{strategy}/{rules}: {sentDuring} interrupts sent during growth; sent {stats.InterruptsSent}, delivered {stats.InterruptsDelivered}, " +
            $"growths {stats.TableGrowths} (p99 {stats.GrowthLatency.P99Ms:0.###} ms), capacity {stats.TableCapacity}");

        Assert.True(audit.Passed, string.Join(Environment.NewLine, audit.Violations));
        Assert.Equal(256, stats.LiveVcpus);
        Assert.Equal(stats.InterruptsSent, stats.InterruptsDelivered);
        Assert.Equal(0, stats.InterruptsDropped);
        Assert.Equal(0, stats.Vcpus.GuestErrors);
        Assert.Equal(lines.Sum(l => l.Signals), stats.IrqQueued);
        Assert.Equal(ExpectedGrowthsTo256(strategy), stats.TableGrowths);
    }

    [Theory]
    [MemberData(nameof(AllStrategies.EachWithEntryRules), MemberType = typeof(AllStrategies))]
    public void Unplugging_half_while_the_rest_ring_them_accounts_every_interrupt(VcpuTableStrategy strategy, SimulatedEntryRules rules)
    {
        const int vcpus = 16;
        using var vm = Vm.Create(new VmOptions
        {
            Hypervisor = new SimulatedHypervisor(rules),
            Table = strategy,
            MaxVcpus = vcpus,
            MaxVcpuIds = vcpus,
            Guest = GuestProgram.Doorbell(workIterations: 500, targets: [.. Enumerable.Range(0, vcpus)]),
            CheckedGracePeriods = true,
        });
        for (int id = 0; id < vcpus; id++)
            vm.CreateVcpu(id);
        vm.Start();
        var odd = Enumerable.Range(0, vcpus).Where(id => id % 2 == 1).ToArray();
        using var storm = new IrqLoad([.. odd.Select(vm.CreateIrqLine)], threads: 2);
        Eventually.True(() => vm.ReadStats().InterruptsDelivered > 1000, () => "the guests are ringing each other");

        foreach (int id in odd)
            vm.DestroyVcpu(id);

        Eventually.True(() => vm.ReadStats() is var s && s.Vcpus.DoorbellsToUnplugged > 0 && s.IrqDropped > 0,
            () => "doorbells and signals at the unplugged vCPUs are seen as dropped");
        StopCleanly(storm);
        vm.Pause();
        var audit = vm.Audit();
        var stats = audit.Stats;
        TestContext.Current.SendDiagnosticMessage(
            $"{strategy}/{rules}: sent {stats.InterruptsSent} = delivered {stats.InterruptsDelivered} + dropped {stats.InterruptsDropped} " +
            $"(doorbells {stats.Vcpus.DoorbellsToUnplugged}, signals {stats.IrqDropped}, abandoned {stats.Vcpus.InterruptsAbandoned}) " +
            $"+ in flight {stats.InterruptsInFlight}; injected {stats.Vcpus.InterruptsInjected}; unplug p99 {stats.UnplugLatency.P99Ms:0.###} ms");

        Assert.True(audit.Passed, string.Join(Environment.NewLine, audit.Violations));
        Assert.Equal(vcpus / 2, stats.LiveVcpus);
        Assert.Equal(vcpus / 2, stats.VcpusUnplugged);
        Assert.Equal(0, stats.Vcpus.GuestErrors); // a miss at an unplugged id is a drop, never a guest error
        Assert.All(odd, id => Assert.DoesNotContain(vm.Vcpus, v => v.Id == id));
    }

    [Theory]
    [MemberData(nameof(AllStrategies.Each), MemberType = typeof(AllStrategies))]
    public void An_unplugged_id_can_be_plugged_in_again_and_rung(VcpuTableStrategy strategy)
    {
        using var vm = Vm.Create(new VmOptions { Table = strategy, MaxVcpus = 4, MaxVcpuIds = 4, Guest = GuestProgram.Halt() });
        for (int id = 0; id < 4; id++)
            vm.CreateVcpu(id);
        vm.Start();
        vm.DestroyVcpu(2);
        var again = vm.CreateVcpu(2); // the freed index is reused: the table is still not past its maximum
        var line = vm.CreateIrqLine(2);
        for (int i = 0; i < 10; i++)
            line.Signal();
        Eventually.True(() => again.ReadStats().InterruptsDelivered == 10, () => $"10 delivered to the new vCPU 2: {again.ReadStats()}");
        vm.Pause();
        Assert.True(vm.Audit().Passed, string.Join(Environment.NewLine, vm.Audit().Violations));
        Assert.Equal(10, vm.GuestInterruptCount(2));
    }

    /// <summary>
    /// Pauses once every ring is made and every interrupt taken, and audits. The exit is
    /// counted before its handler rings, so "all exits, nothing in flight" can be seen just
    /// before the last rings queue; a pause that catches one in flight resumes and waits again.
    /// </summary>
    internal static VmAudit PauseWhenAllTaken(Vm vm, long rings)
    {
        for (int attempt = 0; ; attempt++)
        {
            Eventually.True(() => vm.ReadStats() is var s && s.Vcpus.ExitsIo == rings && s.InterruptsInFlight == 0,
                () => $"all rings made and taken: {vm.ReadStats()}");
            vm.Pause();
            var audit = vm.Audit();
            if (audit.Stats.InterruptsInFlight == 0 || attempt == 10)
                return audit;
            vm.Resume();
        }
    }

    /// <summary>Arrays double from 1 (8 growths to 256); the tree adds a level at 1, 64 and 4096 keys; Fixed never grows.</summary>
    private static int ExpectedGrowthsTo256(VcpuTableStrategy strategy) => strategy switch
    {
        VcpuTableStrategy.Fixed => 0,
        VcpuTableStrategy.RadixTree => 3,
        _ => 8,
    };

    [Theory]
    [MemberData(nameof(AllStrategies.Each), MemberType = typeof(AllStrategies))]
    public void An_unplugged_vcpu_is_not_released_while_a_foreign_reader_still_uses_it(VcpuTableStrategy strategy)
    {
        using var vm = Vm.Create(new VmOptions { Table = strategy, MaxVcpus = 4, MaxVcpuIds = 4, Guest = GuestProgram.Halt() });
        vm.CreateVcpu(0);
        var target = vm.CreateVcpu(1);
        vm.Start();
        using var inside = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var visitor = new BlockingVisitor(inside, release);
        bool wholeAtEndOfVisit = false;
        var reader = new Thread(() =>
        {
            vm.TryVisit(1, ref visitor);
            wholeAtEndOfVisit = visitor.SawItWhole;
        });
        reader.Start();
        Assert.True(inside.Wait(Eventually.Bound, TestContext.Current.CancellationToken));
        try
        {
            vm.DestroyVcpu(1); // returns at once: its grace period waits for the reader, not this thread
            Eventually.True(() => !target.IsThreadAlive, () => $"{target} left after its unplug"); // told to stop; it may, a reader only queues or kicks
            vm.CreateVcpu(2); // a control operation releases every unplugged vCPU it can: not this one
            Assert.False(target.IsDisposed, "the vCPU was released while a foreign reader still held it");
        }
        finally
        {
            release.Set(); // a failed assertion must not leave Dispose waiting for the reader's section
            Assert.True(reader.Join(Eventually.Bound));
        }
        Assert.True(wholeAtEndOfVisit, "the vCPU was torn down under its reader");
        vm.Pause();
        Assert.True(vm.Audit().Passed); // waits for the grace period, then releases it
        Assert.True(target.IsDisposed);
    }

    /// <summary>Holds the read section open until released, and checks the vCPU is still whole as it leaves.</summary>
    private struct BlockingVisitor(ManualResetEventSlim inside, ManualResetEventSlim release) : Execution.IVcpuVisitor
    {
        public bool SawItWhole { get; private set; }

        public void Visit(Execution.Vcpu vcpu)
        {
            inside.Set();
            release.Wait();
            SawItWhole = !vcpu.IsDisposed;
        }
    }

    private static void StopCleanly(IrqLoad load)
    {
        Assert.True(load.Stop(Eventually.Bound), "the signalling threads did not stop");
        Assert.Empty(load.Failures);
    }
}
