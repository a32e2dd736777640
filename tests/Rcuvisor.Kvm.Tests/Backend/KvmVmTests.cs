using Rcuvisor.Backends;
using Rcuvisor.Execution;
using Rcuvisor.Kvm.Guest;
using Rcuvisor.Tables;

namespace Rcuvisor.Kvm.Tests.Backend;

/// <summary>
/// Whole VMs on real KVM vCPUs: growth, unplug, re-plug, containment and leaks. Each skips,
/// with the reason, where /dev/kvm does not open; where it opens, none may skip.
/// </summary>
public sealed class KvmVmTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60); // kvm_pvm emulates CPL0 code at ~1 M instructions/s

    public static TheoryData<VcpuTableStrategy> Strategies => new(Enum.GetValues<VcpuTableStrategy>());

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Growing_from_1_to_128_while_doorbells_ring_delivers_what_the_guests_count(VcpuTableStrategy strategy)
    {
        KvmHost.RequireKvm();
        using var kvm = new KvmTestHypervisor();
        int vcpus = Math.Min(128, kvm.MaxVcpus);
        using var vm = Vm.Create(new VmOptions
        {
            Hypervisor = kvm,
            Table = strategy,
            MaxVcpus = vcpus,
            MaxVcpuIds = vcpus,
            Guest = GuestProgram.Doorbell(workIterations: 100, targets: [.. Enumerable.Range(0, vcpus)], rings: 20),
            CheckedGracePeriods = true,
        });
        vm.CreateVcpu(0);
        vm.Start();
        for (int id = 1; id < vcpus; id++)
            vm.CreateVcpu(id);

        WaitFor(() => vm.ReadStats() is var s && s.Vcpus.ExitsIo == vcpus * 20L && s.InterruptsInFlight == 0, () => $"all rings made and taken: {vm.ReadStats()}");
        vm.Pause();
        var audit = vm.Audit();
        TestContext.Current.SendDiagnosticMessage(
            $"{strategy}: {vcpus} KVM vCPUs; sent {audit.Stats.InterruptsSent}, delivered {audit.Stats.InterruptsDelivered}, " +
            $"guest-counted {audit.GuestCountedInterrupts}, rings at unplugged-yet ids {audit.Stats.Vcpus.GuestErrorsAbsentTarget}");

        Assert.True(audit.Passed, string.Join(Environment.NewLine, audit.Violations));
        Assert.Equal(audit.GuestCountedInterrupts, audit.Stats.InterruptsDelivered);
        Assert.True(audit.Stats.InterruptsDelivered > 0);
        Assert.Equal(vcpus, audit.Stats.LiveVcpus);
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Unplugging_half_and_plugging_one_back_reuses_its_parked_fd(VcpuTableStrategy strategy)
    {
        KvmHost.RequireKvm();
        const int vcpus = 16;
        using var kvm = new KvmTestHypervisor();
        using var vm = Vm.Create(new VmOptions
        {
            Hypervisor = kvm,
            Table = strategy,
            MaxVcpus = vcpus,
            MaxVcpuIds = vcpus,
            Guest = GuestProgram.Doorbell(workIterations: 100, targets: [.. Enumerable.Range(0, vcpus)]),
        });
        for (int id = 0; id < vcpus; id++)
            vm.CreateVcpu(id);
        vm.Start();
        WaitFor(() => vm.ReadStats().InterruptsDelivered > 200, () => "the guests ring each other");

        for (int id = 1; id < vcpus; id += 2)
            vm.DestroyVcpu(id);
        Assert.Equal(vcpus / 2, kvm.LastVm.ParkedVcpus);
        vm.CreateVcpu(1);
        Assert.Equal((vcpus / 2 - 1, 1), (kvm.LastVm.ParkedVcpus, kvm.LastVm.ReusedVcpus));

        vm.Pause();
        var audit = vm.Audit();
        Assert.True(audit.Passed, string.Join(Environment.NewLine, audit.Violations));
        Assert.Equal(audit.GuestCountedInterrupts, audit.Stats.InterruptsDelivered);
    }

    [Fact]
    public void A_triple_faulting_vcpu_stops_alone_and_the_others_go_on()
    {
        KvmHost.RequireKvm();
        using var kvm = new KvmTestHypervisor
        {
            // vCPU 2's IDT is empty: its first interrupt faults, the fault faults, and it shuts down.
            Prepare = vcpu =>
            {
                if (vcpu.Id != 2)
                    return;
                var sregs = vcpu.Fd.GetSregs();
                sregs.Idt.Limit = 0;
                vcpu.Fd.SetSregs(sregs);
            },
        };
        using var vm = Vm.Create(new VmOptions { Hypervisor = kvm, Guest = GuestProgram.Halt(), MaxVcpus = 4, MaxVcpuIds = 4 });
        var all = Enumerable.Range(0, 4).Select(vm.CreateVcpu).ToArray();
        vm.Start();
        var lines = Enumerable.Range(0, 4).Select(vm.CreateIrqLine).ToArray();
        for (int i = 0; i < 10; i++)
            foreach (var line in lines)
                line.Signal();

        WaitFor(() => all[2].StopReason is not null, () => $"vCPU 2 stopped: {all[2]}");
        WaitFor(() => new[] { 0, 1, 3 }.All(id => vm.GuestInterruptCount(id) == 10), () => "the healthy vCPUs took their 10 each");
        vm.Pause();
        var audit = vm.Audit();
        TestContext.Current.SendDiagnosticMessage($"vCPU 2: {all[2].StopReason}; exits {all[2].ReadStats()}");
        Assert.True(audit.Passed, string.Join(Environment.NewLine, audit.Violations));
        Assert.Equal(1, all[2].ReadStats().ExitsShutdown);
        Assert.All(new[] { 0, 1, 3 }, id => Assert.Null(all[id].StopReason));
    }

    [Fact]
    public void Unknown_ports_and_unmapped_mmio_are_counted_and_the_guest_goes_on()
    {
        KvmHost.RequireKvm();
        foreach (var (image, expectPort) in new[]
        {
            ((Func<int, GuestImage>)(max => GuestImageBuilder.BuildUnknownPort(max, 0x3F8)), true),
            (GuestImageBuilder.BuildUnmappedMmio, false),
        })
        {
            using var kvm = new KvmTestHypervisor { Image = image };
            using var vm = Vm.Create(new VmOptions { Hypervisor = kvm, MaxVcpus = 2, MaxVcpuIds = 2 });
            var vcpus = new[] { vm.CreateVcpu(0), vm.CreateVcpu(1) };
            vm.Start();
            WaitFor(() => vcpus.All(v => v.ReadStats().GuestErrors == 1 && v.State == VcpuRunState.Halted), () => $"each refused once, then halted: {vm.ReadStats()}");
            var stats = vm.ReadStats().Vcpus;
            Assert.Equal(expectPort ? (2L, 0L) : (0L, 2L), (stats.GuestErrorsUnknownPort, stats.GuestErrorsUnmappedMmio));
            Assert.All(vcpus, v => Assert.Null(v.StopReason));
        }
    }

    [Fact]
    public void A_hundred_create_grow_unplug_dispose_cycles_leak_no_fd_and_no_mapping()
    {
        KvmHost.RequireKvm();
        using var kvm = new KvmTestHypervisor();
        Cycle(kvm); // the runtime's own first-use mappings and fds happen here, not in the count
        int fds = Directory.GetFiles("/proc/self/fd").Length;
        int maps = File.ReadAllLines("/proc/self/maps").Length;
        for (int i = 0; i < 100; i++)
            Cycle(kvm);
        int fdsAfter = Directory.GetFiles("/proc/self/fd").Length;
        int mapsAfter = File.ReadAllLines("/proc/self/maps").Length;
        TestContext.Current.SendDiagnosticMessage($"fds {fds} -> {fdsAfter}, maps {maps} -> {mapsAfter}");
        Assert.Equal(fds, fdsAfter);
        Assert.InRange(mapsAfter - maps, -16, 16); // a leak adds at least 100 (a VM's memory) or 400 (kvm_run pages)
    }

    private static void Cycle(KvmTestHypervisor kvm)
    {
        using var vm = Vm.Create(new VmOptions { Hypervisor = kvm, Guest = GuestProgram.Halt(), MaxVcpus = 8, MaxVcpuIds = 8 });
        vm.CreateVcpu(0);
        vm.Start();
        for (int id = 1; id < 4; id++)
            vm.CreateVcpu(id);
        vm.DestroyVcpu(3);
    }

    private static void WaitFor(Func<bool> condition, Func<string> what)
    {
        long deadline = Environment.TickCount64 + (long)Bound.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
                Assert.Fail($"not reached within {Bound.TotalSeconds} s: {what()}");
            Thread.Sleep(1);
        }
    }
}
