using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;
using Rcuvisor.Execution;
using Rcuvisor.Rcu;
using Rcuvisor.Tables;

namespace Rcuvisor.VmTests;

/// <summary>
/// The edges review found (issue 13): reads from vCPU threads during control operations,
/// teardown order, timeouts, and control operations called where they would wait for themselves.
/// </summary>
public sealed class VmReliabilityTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(20);

    [Theory]
    [MemberData(nameof(AllStrategies.Each), MemberType = typeof(AllStrategies))]
    public void Stats_state_and_vcpus_read_on_a_vcpu_thread_during_an_unplug_do_not_deadlock(VcpuTableStrategy strategy)
    {
        using var inHandler = new ManualResetEventSlim();
        using var unplugging = new ManualResetEventSlim();
        Vm? vm = null;
        string? seen = null;
        var options = new VcpuOptions
        {
            TestRequestHandler = (vcpu, _, _) =>
            {
                inHandler.Set();
                unplugging.Wait();
                Thread.Sleep(50); // let DestroyVcpu take the control lock and wait for this vCPU
                seen = $"{vm!.ReadStats().LiveVcpus} {vm.State} {vm.Vcpus.Count}";
            },
        };
        vm = Vm.Create(new VmOptions { Table = strategy, Guest = GuestProgram.Halt(), Vcpu = options });
        var reader = vm.CreateVcpu(0);
        vm.CreateVcpu(1);
        vm.Start();
        reader.MakeRequest(VcpuRequests.Test);
        Assert.True(inHandler.Wait(Hang, TestContext.Current.CancellationToken), "the handler ran");

        var unplug = new Thread(() => { unplugging.Set(); vm.DestroyVcpu(1); }) { IsBackground = true };
        unplug.Start();

        Assert.True(unplug.Join(Hang), $"DestroyVcpu returned while vCPU 0 read the VM from its handler (read: {seen ?? "nothing yet"})");
        Eventually.True(() => seen is not null, () => "the handler's reads returned");
        vm.Dispose();
    }

    [Fact]
    public void Dispose_releases_no_backend_while_another_vcpu_can_still_kick_it()
    {
        // A kick that takes a while between the mode CAS and the backend kick, as a signal
        // send can: Dispose must not release the target's backend inside that window.
        var hypervisor = new InterceptingHypervisor { BeforeKick = _ => Thread.Sleep(1) };
        for (int round = 0; round < 10; round++)
        {
            var vm = Vm.Create(new VmOptions
            {
                Hypervisor = hypervisor,
                Guest = GuestProgram.Doorbell(workIterations: 50, targets: [.. Enumerable.Range(0, 8)]),
                MaxVcpus = 8,
                MaxVcpuIds = 8,
            });
            for (int id = 0; id < 8; id++)
                vm.CreateVcpu(id);
            vm.Start();
            Eventually.True(() => vm.ReadStats().Vcpus.KickInterrupts > 8, () => "peers kick each other");
            vm.Dispose();
        }
        Assert.Equal(0, hypervisor.KicksAfterDispose);
    }

    [Fact]
    public void A_vcpu_that_will_not_leave_after_its_unplug_is_stopped_by_dispose_before_anything_is_released()
    {
        using var release = new ManualResetEventSlim();
        int hungId = -1;
        // vCPU 1's next run never returns by itself, kick or not: KVM_RUN stuck in a hypercall.
        var hypervisor = new InterceptingHypervisor { BeforeRun = id => { if (id == Volatile.Read(ref hungId)) release.Wait(); } };
        var vm = Vm.Create(new VmOptions
        {
            Hypervisor = hypervisor,
            Guest = GuestProgram.Halt(),
            Vcpu = new VcpuOptions { TeardownTimeout = TimeSpan.FromMilliseconds(200) },
        });
        vm.CreateVcpu(0);
        var hung = vm.CreateVcpu(1);
        vm.Start();
        Volatile.Write(ref hungId, 1);
        hung.Kick(); // it re-enters, and stays
        Eventually.True(() => hung.Mode == VcpuMode.InGuest || hung.Mode == VcpuMode.ExitingGuest, () => $"vCPU 1 in the guest: {hung}");

        vm.DestroyVcpu(1); // returns: it tells the thread to stop and does not wait for it
        var stuck = Assert.Throws<TimeoutException>(vm.Dispose);
        Assert.Contains("1", stuck.Message);
        Assert.True(hung.IsThreadAlive, "the thread is still in its run");

        release.Set();
        vm.Dispose(); // retries, and now the thread stops

        Assert.False(hung.IsThreadAlive, "no vCPU thread outlives Dispose");
        Assert.Equal(0, hypervisor.KicksAfterDispose);
    }

    [Fact]
    public void Unplug_does_not_wait_for_the_thread_and_what_needs_it_gone_waits_for_it()
    {
        using var release = new ManualResetEventSlim();
        int hungId = -1;
        var hypervisor = new InterceptingHypervisor { BeforeRun = id => { if (id == Volatile.Read(ref hungId)) release.Wait(); } };
        using var vm = Vm.Create(new VmOptions
        {
            Hypervisor = hypervisor,
            Guest = GuestProgram.Halt(),
            ControlTimeout = TimeSpan.FromMilliseconds(200),
            Vcpu = new VcpuOptions { TeardownTimeout = TimeSpan.FromMilliseconds(200) },
        });
        vm.CreateVcpu(0);
        var hung = vm.CreateVcpu(1);
        vm.Start();
        Volatile.Write(ref hungId, 1);
        hung.Kick();
        Eventually.True(() => hung.Mode == VcpuMode.InGuest || hung.Mode == VcpuMode.ExitingGuest, () => $"vCPU 1 in the guest: {hung}");

        vm.DestroyVcpu(1); // its thread is stuck in the guest: the unplug does not wait for it

        Assert.True(hung.IsThreadAlive);
        Assert.Equal([0], vm.Vcpus.Select(v => v.Id));
        Assert.Equal(1, vm.ReadStats().VcpusUnplugged);
        Assert.Contains("vCPU 1", Assert.Throws<TimeoutException>(() => vm.CreateVcpu(1)).Message); // a KVM fd is reused by id
        Assert.Contains("1", Assert.Throws<TimeoutException>(vm.Pause).Message); // paused means no guest code runs, its included

        release.Set();
        vm.Pause(); // again: now its thread leaves, and it is released
        Assert.False(hung.IsThreadAlive);
        Assert.True(vm.Audit().Passed);
        vm.Resume();
        var again = vm.CreateVcpu(1);
        Assert.Equal(1, again.Id);
        // With no spare parked, a pool worker starts its thread after CreateVcpu returns: let it
        // run before the using's Dispose, whose 200 ms teardown bound is this test's, not a VMM's.
        Eventually.True(() => again.State != VcpuRunState.NotStarted, () => $"the new vCPU 1 runs: {again}");
    }

    [Fact]
    public void Dispose_with_an_infinite_teardown_timeout_waits_for_the_threads()
    {
        var vm = Vm.Create(new VmOptions { Guest = GuestProgram.Halt(), Vcpu = new VcpuOptions { TeardownTimeout = Timeout.InfiniteTimeSpan } });
        var vcpus = Enumerable.Range(0, 3).Select(vm.CreateVcpu).ToArray();
        vm.Start();
        vm.Dispose(); // the deadline of an infinite timeout once overflowed a TimeSpan here
        Assert.All(vcpus, v => Assert.False(v.IsThreadAlive));
    }

    [Fact]
    public void Pause_and_resume_that_timed_out_leave_no_stale_request_that_unpauses_a_vcpu()
    {
        using var release = new ManualResetEventSlim();
        using var inHandler = new ManualResetEventSlim();
        var vm = Vm.Create(new VmOptions
        {
            Guest = GuestProgram.Halt(),
            ControlTimeout = TimeSpan.FromMilliseconds(200),
            Vcpu = new VcpuOptions { TestRequestHandler = (_, _, _) => { inHandler.Set(); release.Wait(); } },
        });
        using var _ = vm;
        vm.CreateVcpu(0);
        var slow = vm.CreateVcpu(1);
        vm.Start();
        slow.MakeRequest(VcpuRequests.Test);
        Assert.True(inHandler.Wait(Hang, TestContext.Current.CancellationToken));

        Assert.Throws<TimeoutException>(vm.Pause);   // vCPU 1 is busy in its handler
        Assert.Throws<InvalidOperationException>(() => vm.Audit()); // not every vCPU acknowledged
        Assert.Throws<TimeoutException>(vm.Resume);
        Assert.Throws<TimeoutException>(vm.Pause);   // vCPU 1 now holds Pause and Resume bits at once
        release.Set();

        vm.Pause(); // the retry waits for the acknowledgements the timed-out call did not see
        Assert.Equal(VmState.Paused, vm.State);
        // A vCPU acknowledges the pause as its handler ends and publishes its run state (for
        // observers only) a moment later, on its way to block: wait for that, not the ack.
        Eventually.True(() => vm.Vcpus.All(v => v.State == VcpuRunState.Parked), () => $"every vCPU parked: {string.Join(", ", vm.Vcpus)}");
        Assert.True(vm.Audit().Passed);
    }

    [Fact]
    public void Control_operations_inside_a_visitor_fail_with_a_typed_error_instead_of_waiting_for_themselves()
    {
        using var vm = Vm.Create(new VmOptions { Guest = GuestProgram.Halt() });
        vm.CreateVcpu(0);
        vm.CreateVcpu(1);
        vm.Start();
        var visitor = new CallingVisitor(() => vm.DestroyVcpu(1));
        Assert.True(vm.TryVisit(0, ref visitor));
        Assert.IsType<InvalidOperationException>(visitor.Thrown);
        Assert.Contains("TryVisit", visitor.Thrown.Message);

        var dispose = new CallingVisitor(vm.Dispose);
        Assert.True(vm.TryVisit(0, ref dispose));
        Assert.IsType<InvalidOperationException>(dispose.Thrown);
        Assert.Equal(2, vm.Vcpus.Count); // nothing happened
    }

    [Theory]
    [InlineData(VcpuTableStrategy.CachedMove)]
    [InlineData(VcpuTableStrategy.RcuArray)]
    public void A_copied_foreign_view_unlocks_once_and_its_second_dispose_is_reported(VcpuTableStrategy strategy)
    {
        using var rcu = new RcuDomain();
        using var srcu = new SrcuDomain();
        using var table = VcpuTables.Create<Vcpu>(strategy, new VcpuTableLimits { MaxCount = 4, MaxId = 4 }, rcu, srcu);
        var view = table.ReadForeign();
        var copy = view;
        view.Dispose();
        GracePeriodMisuseException? reported = null;
        try
        {
            copy.Dispose();
        }
        catch (GracePeriodMisuseException ex)
        {
            reported = ex;
        }
        Assert.NotNull(reported);
        // Nothing was unlocked twice: both domains' books still balance, so grace periods end normally.
        srcu.Synchronize();
        rcu.Synchronize();
        var again = table.ReadForeign(); // and the thread's list of open sections is consistent
        again.Dispose();
    }

    private struct CallingVisitor(Action action) : IVcpuVisitor
    {
        public Exception? Thrown;

        public void Visit(Vcpu vcpu)
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                Thrown = ex;
            }
        }
    }
}
