using Rcuvisor.Backends;
using Rcuvisor.Execution;

namespace Rcuvisor.VmTests;

public sealed class AllocationTests
{
    [Fact]
    public void The_vcpu_path_allocates_nothing_per_exit()
    {
        long[] allocatedAt = new long[3]; // bytes this vCPU thread had allocated at Test requests 1 and 2
        var options = new VcpuOptions
        {
            TestRequestHandler = (_, _, last) => allocatedAt[last] = GC.GetAllocatedBytesForCurrentThread(),
        };
        var program = GuestProgram.Doorbell(workIterations: 200, targets: [0, 1, 2, 7]); // 7: a guest error path too
        using var machine = new SimulatedMachine(program, 3, options);
        var vcpu = machine.Vcpus[0];
        Eventually.True(() => vcpu.ReadStats().Exits > 1000, () => "warmed up: every path taken and compiled");

        Assert.True(vcpu.WaitForRequest(VcpuRequests.Test, vcpu.MakeRequest(VcpuRequests.Test), Eventually.Bound));
        long exitsBefore = vcpu.ReadStats().Exits;
        Eventually.True(() => vcpu.ReadStats().Exits > exitsBefore + 5000, () => "5000 more exits");
        Assert.True(vcpu.WaitForRequest(VcpuRequests.Test, vcpu.MakeRequest(VcpuRequests.Test), Eventually.Bound));

        var stats = vcpu.ReadStats();
        TestContext.Current.SendDiagnosticMessage(
            $"allocation: {allocatedAt[2] - allocatedAt[1]} bytes over {stats.Exits - exitsBefore} exits (io {stats.ExitsIo}, interrupted {stats.ExitsInterrupted}, guest errors {stats.GuestErrors})");
        Assert.True(stats.GuestErrors > 0 && stats.InterruptsDelivered > 0, "the doorbell, error and injection paths all ran");
        Assert.Equal(0, allocatedAt[2] - allocatedAt[1]);
    }
}
