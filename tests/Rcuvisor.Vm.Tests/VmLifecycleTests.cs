using Rcuvisor.Backends;
using Rcuvisor.Execution;
using Rcuvisor.Tables;

namespace Rcuvisor.VmTests;

/// <summary>Start, pause, resume and dispose of a whole VM.</summary>
public sealed class VmLifecycleTests
{
    [Theory]
    [MemberData(nameof(AllStrategies.Each), MemberType = typeof(AllStrategies))]
    public void Dispose_stops_every_thread_including_parked_and_never_started_ones_and_is_idempotent(VcpuTableStrategy strategy)
    {
        var vm = Vm.Create(new VmOptions { Table = strategy, Guest = GuestProgram.Doorbell(100, [0, 1, 2]) });
        var all = Enumerable.Range(0, 3).Select(vm.CreateVcpu).ToList();
        vm.Start();
        vm.Pause();
        all.Add(vm.CreateVcpu(3)); // created while paused: starts parked
        vm.Resume();
        vm.DestroyVcpu(1);
        vm.Pause();

        vm.Dispose();
        vm.Dispose();

        Assert.All(all, v => Assert.False(v.IsThreadAlive, $"{v} still has a thread"));
        Assert.All(all, v => Assert.Null(v.Failure));
        Assert.Equal(VmState.Disposed, vm.State);
    }

    [Fact]
    public void Pause_parks_every_vcpu_a_vcpu_created_while_paused_starts_parked_and_resume_runs_them_all()
    {
        using var vm = Vm.Create(new VmOptions { Guest = GuestProgram.Spin() });
        for (int id = 0; id < 3; id++)
            vm.CreateVcpu(id);
        vm.Start();
        vm.Pause();
        var late = vm.CreateVcpu(3);
        // The run state is published just after the pause's acknowledgement, and the late vCPU's when its thread first runs.
        Eventually.True(() => vm.Vcpus.All(v => v.State == VcpuRunState.Parked), () => $"every vCPU parked, the late one included: {string.Join(", ", vm.Vcpus)}");
        Assert.All(vm.Vcpus, v => Assert.Equal(VcpuMode.OutsideGuest, v.Mode));
        var exits = vm.Vcpus.Select(v => v.ReadStats().Exits).ToArray();
        Assert.Equal(0, late.ReadStats().Exits); // it never entered the guest

        vm.Resume();

        // Spin guests exit only when kicked: an entry shows as Running, then a kick counts an exit.
        Eventually.True(() => vm.Vcpus.All(v => v.State == VcpuRunState.Running), () => "every vCPU back in the guest");
        vm.Pause();
        Assert.All(vm.Vcpus, v => Assert.True(v.ReadStats().Exits > exits[v.Id], $"{v} did not run between resume and pause"));
    }

    [Fact]
    public void Control_operations_are_refused_on_a_vcpu_thread()
    {
        Exception? seen = null;
        Vm? vm = null;
        var options = new VmOptions
        {
            Guest = GuestProgram.Spin(),
            Vcpu = new VcpuOptions { TestRequestHandler = (_, _, _) => seen = Record.Exception(() => vm!.CreateVcpu(1)) },
        };
        using (vm = Vm.Create(options))
        {
            var vcpu = vm.CreateVcpu(0);
            vm.Start();
            long ticket = vcpu.MakeRequest(VcpuRequests.Test);
            Assert.True(vcpu.WaitForRequest(VcpuRequests.Test, ticket, Eventually.Bound));
            Assert.IsType<InvalidOperationException>(seen);
            Assert.Single(vm.Vcpus);
        }
    }
}
