using Microsoft.Coyote.Specifications;
using Rcuvisor.Backends;
using Rcuvisor.Execution;
using Rcuvisor.Tables;

namespace Rcuvisor.Coyote.Tests;

/// <summary>
/// The VM's control paths from several threads at once against running vCPUs, under
/// Coyote: plug and unplug, pause-audit-resume, and lock-free reads, then Dispose. Every
/// schedule must end with every thread stopped, no vCPU failed, no kick at a disposed
/// backend, and the books balanced at the pause.
/// </summary>
public sealed class VmControlTests
{
    // Finite: Vm.Dispose with an infinite TeardownTimeout overflows TimeSpan (main 79af35f, StopAllOrThrow).
    private static readonly TimeSpan TeardownTimeout = TimeSpan.FromMinutes(1);

    // None: the pool starts its replacements from a thread-pool work item, which Coyote 1.7 does
    // not control, so Dispose's wait for them looked like a deadlock. A thread per vCPU instead.
    private const int SpareThreads = 0;
    private static readonly uint Iterations = SystematicRun.Iterations(4);

    public static TheoryData<VcpuTableStrategy> Strategies => [.. Enum.GetValues<VcpuTableStrategy>()];

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Control_operations_from_several_threads_against_running_vcpus_keep_the_vm_consistent(VcpuTableStrategy table)
    {
        var outcome = SystematicRun.Explore($"control paths ({table})", () => RunConcurrentControl(table), Iterations);
        Assert.True(outcome.BugsFound == 0, outcome.ToString());
    }

    private static void RunConcurrentControl(VcpuTableStrategy table)
    {
        var hypervisor = new KickRecordingHypervisor();
        var vm = Vm.Create(new VmOptions
        {
            Hypervisor = hypervisor,
            Table = table,
            MaxVcpus = 4,
            MaxVcpuIds = 4,
            Guest = GuestProgram.Doorbell(0, [1, 2, 0]), // rings a peer, the hot-plugged id and 0, until stopped
            ControlTimeout = Timeout.InfiniteTimeSpan,
            SpareVcpuThreads = SpareThreads,
            Vcpu = new VcpuOptions { TeardownTimeout = TeardownTimeout },
        });
        var vcpus = new List<Vcpu> { vm.CreateVcpu(0), vm.CreateVcpu(1) };
        vm.Start();
        Vcpu? plugged = null;
        var plug = new Thread(() =>
        {
            plugged = vm.CreateVcpu(2); // may grow the table while the others pause
            vm.DestroyVcpu(2);
        }) { Name = "plug" };
        var pause = new Thread(() =>
        {
            vm.Pause();
            var audit = vm.Audit();
            Specification.Assert(audit.Passed, $"audit at the pause failed: {string.Join("; ", audit.Violations)}");
            vm.Resume();
        }) { Name = "pause" };
        var read = new Thread(() =>
        {
            for (int i = 0; i < 2; i++)
            {
                var stats = vm.ReadStats();
                // Running vCPUs' counters are read one vCPU after another, so sent and delivered
                // need not balance here (the audit checks them at the pause); the membership must.
                Specification.Assert(stats.LiveVcpus is >= 2 and <= 3, $"{stats.LiveVcpus} live vCPUs in the stats");
                Specification.Assert(vm.Vcpus.Count is >= 2 and <= 3, $"{vm.Vcpus.Count} live vCPUs");
                Specification.Assert(vm.State is VmState.Running or VmState.Paused, $"state {vm.State}");
            }
        }) { Name = "read" };
        Thread[] threads = [plug, pause, read];
        foreach (var thread in threads)
            thread.Start();
        foreach (var thread in threads)
            thread.Join();
        vm.Dispose();

        if (plugged is not null)
            vcpus.Add(plugged);
        foreach (var vcpu in vcpus)
        {
            Specification.Assert(!vcpu.IsThreadAlive, $"{vcpu} still has a thread after Dispose");
            Specification.Assert(vcpu.Failure is null, $"{vcpu}'s thread died: {vcpu.Failure}");
        }
        var final = vm.ReadStats();
        Specification.Assert(final.VcpusPlugged == 3 && final.VcpusUnplugged == 1, $"plugged {final.VcpusPlugged}, unplugged {final.VcpusUnplugged}");
        Specification.Assert(hypervisor.KicksAfterDispose == 0, hypervisor.FirstKickAfterDispose ?? "");
    }
}
