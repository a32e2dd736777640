using Rcuvisor.Backends;
using Rcuvisor.Tables;
using Rcuvisor.Workloads;

namespace Rcuvisor.VmTests;

/// <summary>
/// Issue 12, item 4 (scale) and item 3 (shrink) through the Vm: a VM grown one vCPU at a
/// time from 2 to 256 while its guests ring doorbells, and one unplugged back down, each
/// paused and audited (every interrupt accounted, every view on the table's current state).
/// </summary>
public sealed class VmScaleTests
{
    [Theory]
    [MemberData(nameof(AllStrategies.Each), MemberType = typeof(AllStrategies))]
    public void Growing_from_2_to_256_one_at_a_time_under_doorbells_passes_the_audit(VcpuTableStrategy strategy)
    {
        const int rings = 100;
        using var vm = Vm.Create(new VmOptions
        {
            Table = strategy,
            MaxVcpus = 256,
            MaxVcpuIds = 256,
            Guest = GuestProgram.Doorbell(workIterations: 2000, targets: [0, 1], rings),
            CheckedGracePeriods = true, // a vCPU reading a retired table throws (debug build), which the audit reports
        });
        vm.CreateVcpu(0);
        vm.CreateVcpu(1);
        vm.Start();
        long deliveredBefore = vm.ReadStats().InterruptsDelivered;

        for (int id = 2; id < 256; id++)
            vm.CreateVcpu(id); // each grows or fills the table while the others ring vCPUs 0 and 1

        var audit = VmHotplugTests.PauseWhenAllTaken(vm, 256L * rings);
        var stats = audit.Stats;
        TestContext.Current.SendDiagnosticMessage(
            $"{strategy}: 2 -> 256, growths {stats.TableGrowths} (p99 {stats.GrowthLatency.P99Ms:0.###} ms), " +
            $"create p99 {stats.PlugLatency.P99Ms:0.###} ms, delivered {stats.InterruptsDelivered}");
        Assert.True(audit.Passed, string.Join(Environment.NewLine, audit.Violations));
        Assert.True(stats.InterruptsDelivered > deliveredBefore, "no doorbell was delivered while the VM grew");
        Assert.Equal(256, stats.LiveVcpus);
        Assert.Equal(256L * rings, stats.InterruptsDelivered);
        Assert.Equal(0, stats.Vcpus.GuestErrors);
    }

    [Theory]
    [MemberData(nameof(AllStrategies.Each), MemberType = typeof(AllStrategies))]
    public void Unplugging_64_down_to_4_shrinks_the_table_and_every_view_follows(VcpuTableStrategy strategy)
    {
        using var vm = Vm.Create(new VmOptions
        {
            Table = strategy,
            MaxVcpus = 64,
            MaxVcpuIds = 64,
            Guest = GuestProgram.Doorbell(workIterations: 500, targets: [0, 1, 2, 3]), // rings the survivors only
            CheckedGracePeriods = true,
        });
        for (int id = 0; id < 64; id++)
            vm.CreateVcpu(id);
        vm.Start();
        long bytesAt64 = vm.ReadStats().TableBytes;

        for (int id = 63; id >= 4; id--)
            vm.DestroyVcpu(id);

        vm.Pause();
        var audit = vm.Audit();
        var stats = audit.Stats;
        TestContext.Current.SendDiagnosticMessage(
            $"{strategy}: shrinks {stats.TableShrinks}, capacity {stats.TableCapacity}, bytes {bytesAt64} -> {stats.TableBytes}, unplug p99 {stats.UnplugLatency.P99Ms:0.###} ms");
        Assert.True(audit.Passed, string.Join(Environment.NewLine, audit.Violations));
        Assert.Equal(4, stats.LiveVcpus);
        if (strategy is VcpuTableStrategy.Fixed or VcpuTableStrategy.RadixTree)
            Assert.Equal(0, stats.TableShrinks); // Fixed never resizes; 64 ids fit one radix leaf, so no level is lost
        else
        {
            Assert.True(stats.TableShrinks > 0, "the table did not shrink");
            Assert.True(stats.TableBytes < bytesAt64, $"{stats.TableBytes} bytes after shrinking, {bytesAt64} before");
        }
    }
}
