using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;
using Rcuvisor.Execution;

namespace Rcuvisor.VmTests;

public sealed class KickTests
{
    [Fact]
    public void A_kick_that_lands_before_Run_makes_Run_exit_at_once()
    {
        using var vm = new SimulatedVm(GuestProgram.Spin(), 0);
        using var backend = vm.CreateVcpu(0);
        backend.Kick(); // the spin guest never exits by itself: only the pending kick can end this Run
        Assert.Equal(VcpuExit.Interrupted, backend.Run());
    }

    [Fact]
    public void A_kick_from_another_thread_interrupts_a_running_work_loop()
    {
        using var vm = new SimulatedVm(GuestProgram.Doorbell(int.MaxValue, [0]), 0);
        using var backend = vm.CreateVcpu(0);
        using var running = new ManualResetEventSlim();
        var kicker = new Thread(() =>
        {
            running.Wait();
            backend.Kick();
        });
        kicker.Start();
        running.Set();
        Assert.Equal(VcpuExit.Interrupted, backend.Run()); // a work loop of 2^31 iterations ends only by the kick
        kicker.Join();
    }

    [Fact]
    public void Kicks_move_a_vcpu_in_guest_mode_to_exiting_and_it_comes_back()
    {
        using var machine = new SimulatedMachine(GuestProgram.Spin(), 1);
        var vcpu = machine.Vcpus[0];
        for (int i = 0; i < 100; i++)
        {
            Eventually.True(() => vcpu.Mode == VcpuMode.InGuest, () => $"{vcpu} re-entered the guest");
            long before = vcpu.ReadStats().ExitsInterrupted;
            vcpu.Kick();
            Eventually.True(() => vcpu.ReadStats().ExitsInterrupted > before, () => $"{vcpu} exited after kick {i}");
        }
        Assert.Equal(0, vcpu.ReadStats().GuestErrors);
    }
}
