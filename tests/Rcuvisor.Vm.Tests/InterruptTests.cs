using Rcuvisor.Backends;
using Rcuvisor.Execution;

namespace Rcuvisor.VmTests;

public sealed class InterruptTests
{
    [Fact]
    public void A_halted_guest_wakes_on_each_interrupt_and_counts_it_once()
    {
        using var machine = new SimulatedMachine(GuestProgram.Halt(), 1);
        var vcpu = machine.Vcpus[0];
        for (int n = 1; n <= 20; n++)
        {
            Eventually.True(() => vcpu.State == VcpuRunState.Halted, () => $"{vcpu} halted");
            vcpu.QueueInterrupt();
            Eventually.True(() => machine.GuestInterrupts(0) == n, () => $"the guest counted interrupt {n}, has {machine.GuestInterrupts(0)}");
        }
        var stats = vcpu.ReadStats();
        Assert.Equal(20, stats.InterruptsDelivered);
        Assert.True(stats.Wakeups > 0, "the interrupts should have found the vCPU blocked at least once");
    }

    [Fact]
    public void Doorbells_among_four_vcpus_are_all_delivered_and_counted_by_the_guests()
    {
        const int Rings = 400;
        var program = GuestProgram.Doorbell(workIterations: 500, targets: [0, 1, 2, 3], rings: Rings);
        using var machine = new SimulatedMachine(program, 4);

        // Quiesce: every guest has rung its bell Rings times and halted, and every
        // interrupt sent has been injected.
        Eventually.True(() =>
        {
            var t = machine.Totals();
            return t.DoorbellsSent == 4 * Rings && t.InterruptsDelivered == t.DoorbellsSent;
        }, () => $"all doorbells delivered: {machine.Totals()}");
        machine.Report("doorbell");

        var totals = machine.Totals();
        Assert.Equal(4 * Rings, totals.InterruptsQueued);
        Assert.Equal(0, totals.GuestErrors);
        Assert.All(machine.Vcpus, v => Assert.Equal(0L, v.PendingInterrupts));
        Assert.All(machine.Vcpus, v => Assert.Equal(v.ReadStats().InterruptsDelivered, machine.GuestInterrupts(v.Id)));
        Assert.All(machine.Vcpus, v => Assert.Equal(v.ReadStats().InterruptsQueued, v.ReadStats().InterruptsDelivered));
    }

    [Fact]
    public void A_doorbell_to_a_vcpu_that_does_not_exist_is_a_guest_error_not_an_exception()
    {
        const int Rings = 10;
        // vCPU 0 rings 0, 99, 0, 99, ...; vCPU 1 rings 99, -1 (0xFFFFFFFF on the port), 99, ...
        var program = GuestProgram.Doorbell(workIterations: 10, targets: [0, 99, -1], rings: Rings);
        using var machine = new SimulatedMachine(program, 2);
        Eventually.True(() => machine.Vcpus.All(v => v.State == VcpuRunState.Halted && v.ReadStats().ExitsIo == Rings),
            () => $"both guests rang {Rings} times and halted: {machine.Totals()}");
        machine.Report("bad doorbell");

        var totals = machine.Totals();
        long good = machine.Vcpus.Sum(v => CountTargets(program, v.Id, Rings, id => id == 0));
        Assert.Equal(2 * Rings - good, totals.GuestErrors);
        Assert.Equal(good, totals.DoorbellsSent);
        Assert.All(machine.Vcpus, v => Assert.Null(v.Failure));
    }

    private static long CountTargets(GuestProgram program, int vcpuId, int rings, Func<int, bool> matches) =>
        Enumerable.Range(0, rings).Count(r => matches(program.Targets[(vcpuId + r) % program.Targets.Count]));
}
