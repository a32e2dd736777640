using Rcuvisor.Backends;
using Rcuvisor.Execution;

namespace Rcuvisor.VmTests;

public sealed class IrqLineTests
{
    [Fact]
    public void Signals_from_many_threads_are_each_delivered_once()
    {
        const int Signallers = 3, SignalsEach = 3000;
        using var machine = new SimulatedMachine(GuestProgram.Halt(), 2);
        var lines = machine.Vcpus.Select(v => new IrqLine(v.Id, machine.Lookup)).ToArray();
        var threads = Enumerable.Range(0, Signallers).Select(s => new Thread(() =>
        {
            for (int i = 0; i < SignalsEach; i++)
                Assert.Equal(IrqSignalResult.Queued, lines[(s + i) % lines.Length].Signal());
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Eventually.True(() => machine.Totals().InterruptsDelivered == Signallers * SignalsEach,
            () => $"every signal delivered: {machine.Totals()}");
        machine.Report("irq lines");
        Assert.Equal(Signallers * SignalsEach, lines.Sum(l => l.Queued));
        Assert.Equal(0, lines.Sum(l => l.Dropped));
        foreach (var (line, vcpu) in lines.Zip(machine.Vcpus))
        {
            Assert.Equal(line.Queued, vcpu.ReadStats().InterruptsDelivered);
            Assert.Equal(line.Queued, machine.GuestInterrupts(vcpu.Id));
        }
    }

    [Fact]
    public void Signalling_a_missing_or_removed_vcpu_is_counted_as_dropped_and_reported()
    {
        using var machine = new SimulatedMachine(GuestProgram.Halt(), 2);
        var never = new IrqLine(7, machine.Lookup);
        var removed = new IrqLine(1, machine.Lookup);

        Assert.Equal(IrqSignalResult.DroppedNoTarget, never.Signal());
        Assert.Equal(IrqSignalResult.Queued, removed.Signal());
        machine.Table.Remove(1);
        Assert.Equal(IrqSignalResult.DroppedNoTarget, removed.Signal());

        Assert.Equal((1, 0, 1), (never.Signals, never.Queued, never.Dropped));
        Assert.Equal((2, 1, 1), (removed.Signals, removed.Queued, removed.Dropped));
        Eventually.True(() => machine.GuestInterrupts(1) == 1, () => "the one queued signal reached the guest");
    }

    [Fact]
    public void Interrupts_still_queued_at_teardown_are_counted_as_abandoned()
    {
        var machine = new SimulatedMachine(GuestProgram.Spin(), 1); // interrupts disabled: nothing is ever injected
        var vcpu = machine.Vcpus[0];
        var line = new IrqLine(0, machine.Lookup);
        for (int i = 0; i < 5; i++)
            line.Signal();
        machine.Dispose();
        var stats = vcpu.ReadStats();
        Assert.Equal((5L, 0L, 5L), (stats.InterruptsQueued, stats.InterruptsDelivered, stats.InterruptsAbandoned));
    }
}
