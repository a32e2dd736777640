using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;

namespace Rcuvisor.VmTests;

/// <summary>The simulated CPU's two entry rules, and delivery counted when the guest takes an interrupt.</summary>
public sealed class EntryRulesTests
{
    [Fact]
    public void Under_kvm_rules_a_kick_returns_before_entry_and_the_injected_interrupt_stays_untaken()
    {
        using var vm = new SimulatedVm(GuestProgram.Halt(), 0, SimulatedEntryRules.Kvm);
        using var backend = vm.CreateVcpu(0);
        Assert.True(backend.TryInjectInterrupt());
        backend.Kick();

        Assert.Equal(VcpuExit.Interrupted, backend.Run());
        Assert.True(backend.HasUntakenInterrupt);
        Assert.Equal(0, vm.GuestInterruptCount(0));

        Assert.Equal(VcpuExit.Halt, backend.Run()); // entered: the guest took it, then halted
        Assert.False(backend.HasUntakenInterrupt);
        Assert.Equal(1, vm.GuestInterruptCount(0));
    }

    [Fact]
    public void Under_atomic_rules_the_interrupt_is_taken_even_by_a_run_a_kick_ends()
    {
        using var vm = new SimulatedVm(GuestProgram.Halt(), 0, SimulatedEntryRules.Atomic);
        using var backend = vm.CreateVcpu(0);
        Assert.True(backend.TryInjectInterrupt());
        backend.Kick();

        Assert.Equal(VcpuExit.Interrupted, backend.Run());
        Assert.False(backend.HasUntakenInterrupt);
        Assert.Equal(1, vm.GuestInterruptCount(0));
    }

    [Fact]
    public void An_interrupt_injected_and_never_taken_counts_as_abandoned_at_unplug_not_as_delivered()
    {
        // vCPU 1's guest never gets entered again after the injection: every run is kicked first.
        int blocked = -1;
        var hypervisor = new InterceptingHypervisor(SimulatedEntryRules.Kvm)
        {
            BeforeRun = id => { if (id == Volatile.Read(ref blocked)) Thread.Sleep(1); },
        };
        using var vm = Vm.Create(new VmOptions { Hypervisor = hypervisor, Guest = GuestProgram.Halt(), MaxVcpus = 2, MaxVcpuIds = 2 });
        vm.CreateVcpu(0);
        var target = vm.CreateVcpu(1);
        vm.Start();
        var line = vm.CreateIrqLine(1);
        line.Signal();
        Eventually.True(() => vm.GuestInterruptCount(1) == 1, () => "the first interrupt was taken");
        vm.Pause();
        var audit = vm.Audit();
        Assert.True(audit.Passed, string.Join(Environment.NewLine, audit.Violations));
        Assert.Equal((1L, 1L), (audit.Stats.InterruptsDelivered, audit.GuestCountedInterrupts));
        Assert.Equal(1L, target.ReadStats().InterruptsInjected);
    }
}
