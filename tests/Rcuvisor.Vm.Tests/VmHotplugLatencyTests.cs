using Rcuvisor.Backends;
using Rcuvisor.Execution;
using Rcuvisor.Tables;

namespace Rcuvisor.VmTests;

/// <summary>
/// What makes hotplug fast on a busy host (issue 12): vCPU threads started ahead of need,
/// and growth that waits only for vCPUs inside their exit handlers.
/// </summary>
public sealed class VmHotplugLatencyTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(20);

    [Fact]
    public void A_vm_keeps_its_vcpus_threads_plus_the_spares_and_dispose_ends_them_all()
    {
        var vm = Vm.Create(new VmOptions { Guest = GuestProgram.Halt(), SpareVcpuThreads = 2 });
        Eventually.True(() => vm.ThreadsAlive == 2, () => $"a VM with no vCPU has the 2 spares: {vm.ThreadsAlive}");
        for (int id = 0; id < 3; id++)
            vm.CreateVcpu(id);
        vm.Start();
        vm.CreateVcpu(3); // handed to a parked thread; a replacement is started in the background
        Eventually.True(() => vm.ThreadsAlive == 4 + 2, () => $"4 vCPUs + 2 spares: {vm.ThreadsAlive}");
        vm.DestroyVcpu(1); // its thread parks again, the pool being full it ends instead
        Eventually.True(() => vm.ThreadsAlive == 3 + 2, () => $"3 vCPUs + 2 spares: {vm.ThreadsAlive}");

        var vcpus = vm.Vcpus.ToArray();
        vm.Dispose();

        Assert.Equal(0, vm.ThreadsAlive);
        Assert.All(vcpus, v => Assert.False(v.IsThreadAlive));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_burst_of_plugs_beyond_the_spares_runs_every_vcpu_and_dispose_joins_every_thread(int spares)
    {
        var vm = Vm.Create(new VmOptions { Guest = GuestProgram.Halt(), SpareVcpuThreads = spares });
        vm.Start();
        for (int id = 0; id < 8; id++)
            vm.CreateVcpu(id); // the spares run out: the rest start on threads a pool worker starts
        Eventually.True(() => vm.Vcpus.All(v => v.ReadStats().ExitsHalt > 0), () => $"every vCPU ran its guest to its halt: {string.Join(", ", vm.Vcpus)}");
        Eventually.True(() => vm.ThreadsAlive == 8 + spares, () => $"8 vCPUs + {spares} spares: {vm.ThreadsAlive}");

        var vcpus = vm.Vcpus.ToArray();
        vm.Dispose();

        Assert.Equal(0, vm.ThreadsAlive);
        Assert.All(vcpus, v => Assert.False(v.IsThreadAlive));
    }

    [Theory]
    [MemberData(nameof(AllStrategies.Each), MemberType = typeof(AllStrategies))]
    public void Growth_does_not_wait_for_a_vcpu_busy_outside_its_exit_handler(VcpuTableStrategy strategy)
    {
        using var release = new ManualResetEventSlim();
        using var inHandler = new ManualResetEventSlim();
        var vm = Vm.Create(new VmOptions
        {
            Table = strategy,
            Guest = GuestProgram.Doorbell(workIterations: 100, targets: [0, 1]),
            CheckedGracePeriods = true, // the held vCPU reading the outgrown table after release would be caught
            Vcpu = new VcpuOptions { TestRequestHandler = (_, _, _) => { inHandler.Set(); release.Wait(); } },
        });
        using var _ = vm;
        var held = vm.CreateVcpu(0);
        vm.CreateVcpu(1);
        vm.Start();
        held.MakeRequest(VcpuRequests.Test); // vCPU 0 stays in a request handler: running, outside the guest, reading no peer
        Assert.True(inHandler.Wait(Hang, TestContext.Current.CancellationToken));

        Exception? failed = null;
        var grow = new Thread(() =>
        {
            try
            {
                for (int id = 2; id < 64; id++)
                    vm.CreateVcpu(id); // the doubling tables grow 5 times
            }
            catch (Exception ex)
            {
                failed = ex; // the test may have given up and disposed the VM
            }
        }) { IsBackground = true };
        grow.Start();
        bool grew = grow.Join(Hang);
        release.Set();

        Assert.True(grew, "growth waited for a vCPU that was not in its exit handler");
        Assert.Null(failed);
        Eventually.True(() => held.ReadStats().DoorbellsSent > 10, () => "vCPU 0 rings again, through its moved view");
        vm.Pause();
        var audit = vm.Audit();
        Assert.True(audit.Passed, string.Join(Environment.NewLine, audit.Violations));
    }
}
