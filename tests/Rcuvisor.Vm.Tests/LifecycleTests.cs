using Rcuvisor.Backends;
using Rcuvisor.Execution;

namespace Rcuvisor.VmTests;

public sealed class LifecycleTests
{
    private static readonly TimeSpan WaitBound = Eventually.Bound;

    [Fact]
    public void Pause_parks_every_vcpu_outside_guest_mode_and_resume_lets_them_run_again()
    {
        var program = GuestProgram.Doorbell(workIterations: 300, targets: [0, 1, 2]);
        using var machine = new SimulatedMachine(program, 3);
        Eventually.True(() => machine.Totals().InterruptsDelivered > 100, () => "the doorbells are flying");

        Assert.True(VcpuBroadcast.PauseAll(machine.Vcpus, WaitBound));
        // The acknowledgement is given outside guest mode, and a paused vCPU never re-enters.
        Assert.All(machine.Vcpus, v => Assert.Equal(VcpuMode.OutsideGuest, v.Mode));
        Eventually.True(() => machine.Vcpus.All(v => v.State == VcpuRunState.Parked), () => "all parked");
        var paused = machine.Totals();
        Thread.Sleep(50); // a window in which a running vCPU would exit; not a timing assertion
        Assert.Equal(paused.Exits, machine.Totals().Exits);
        Assert.Equal(paused.DoorbellsSent, machine.Totals().DoorbellsSent);

        Assert.True(VcpuBroadcast.ResumeAll(machine.Vcpus, WaitBound));
        Eventually.True(() => machine.Totals().DoorbellsSent > paused.DoorbellsSent, () => "running again after resume");
        machine.Report("pause/resume");
    }

    [Theory]
    [InlineData(GuestProgramKind.Spin)]
    [InlineData(GuestProgramKind.Halt)]
    [InlineData(GuestProgramKind.Doorbell)]
    public void Dispose_leaves_no_vcpu_thread_behind(GuestProgramKind kind)
    {
        var program = kind switch
        {
            GuestProgramKind.Spin => GuestProgram.Spin(),
            GuestProgramKind.Halt => GuestProgram.Halt(),
            _ => GuestProgram.Doorbell(100, [0, 1, 2, 3]),
        };
        var machine = new SimulatedMachine(program, 4);
        Eventually.True(() => machine.Vcpus.All(v => v.State != VcpuRunState.NotStarted), () => "all threads running");
        machine.Dispose(); // asserts that every vCPU thread is gone
        machine.Dispose(); // idempotent
        Assert.All(machine.Vcpus, v => Assert.Equal(VcpuRunState.Exited, v.State));
    }

    [Fact]
    public void A_paused_vcpu_stops_on_dispose()
    {
        var machine = new SimulatedMachine(GuestProgram.Spin(), 2);
        Assert.True(VcpuBroadcast.PauseAll(machine.Vcpus, WaitBound));
        machine.Dispose();
    }

    [Fact]
    public void A_vcpu_never_started_disposes_without_a_thread_and_refuses_to_start_after()
    {
        var machine = new SimulatedMachine(GuestProgram.Spin(), 1, start: false);
        machine.Dispose();
        Assert.Throws<ObjectDisposedException>(() => machine.Vcpus[0].Start());
    }

    [Fact]
    public void Starting_twice_is_refused()
    {
        using var machine = new SimulatedMachine(GuestProgram.Halt(), 1);
        Assert.Throws<InvalidOperationException>(() => machine.Vcpus[0].Start());
    }
}
