using Rcuvisor.Backends;
using Rcuvisor.Execution;
using Rcuvisor.Tables;

namespace Rcuvisor.VmTests;

/// <summary>Bad input to a VM gets a typed error naming the value and the limit, and leaves the VM usable.</summary>
public sealed class VmInputTests
{
    [Theory]
    [MemberData(nameof(AllStrategies.Each), MemberType = typeof(AllStrategies))]
    public void Bad_ids_and_counts_are_refused_and_the_vm_stays_usable(VcpuTableStrategy strategy)
    {
        using var vm = Vm.Create(new VmOptions { Table = strategy, MaxVcpus = 2, MaxVcpuIds = 8, Guest = GuestProgram.Halt() });
        vm.CreateVcpu(0);
        vm.Start();

        var low = Assert.Throws<VcpuIdOutOfRangeException>(() => vm.CreateVcpu(-1));
        var high = Assert.Throws<VcpuIdOutOfRangeException>(() => vm.CreateVcpu(8));
        var duplicate = Assert.Throws<DuplicateVcpuIdException>(() => vm.CreateVcpu(0));
        vm.CreateVcpu(5);
        var full = Assert.Throws<VcpuTableFullException>(() => vm.CreateVcpu(6));
        var unknown = Assert.Throws<UnknownVcpuIdException>(() => vm.DestroyVcpu(3));
        Assert.Throws<VcpuIdOutOfRangeException>(() => vm.DestroyVcpu(99));
        Assert.Throws<UnknownVcpuIdException>(() => vm.CreateIrqLine(3));
        Assert.Throws<InvalidOperationException>(() => vm.Start());
        Assert.Throws<InvalidOperationException>(() => vm.Resume());

        Assert.Contains("-1", low.Message);
        Assert.Contains("8", high.Message);
        Assert.Contains("0", duplicate.Message);
        Assert.Contains("2", full.Message);
        Assert.Contains("3", unknown.Message);
        // Unchanged and still working: two vCPUs, and an interrupt reaches one of them.
        Assert.Equal([0, 5], vm.Vcpus.Select(v => v.Id));
        var line = vm.CreateIrqLine(5);
        Assert.Equal(IrqSignalResult.Queued, line.Signal());
        Eventually.True(() => vm.GuestInterruptCount(5) == 1, () => "the signal reached vCPU 5's guest");
        vm.DestroyVcpu(0);
        vm.CreateVcpu(6); // a slot was freed: the maximum counts vCPUs present, not ever created
        vm.Pause();
        var audit = vm.Audit();
        Assert.True(audit.Passed, string.Join(Environment.NewLine, audit.Violations));
        Assert.Equal(0, audit.Stats.Vcpus.ExitsError);
    }

    [Fact]
    public void Operations_after_dispose_throw_ObjectDisposedException_and_stats_stay_readable()
    {
        var vm = Vm.Create(new VmOptions { Guest = GuestProgram.Halt() });
        vm.CreateVcpu(0);
        vm.Start();
        var line = vm.CreateIrqLine(0);
        line.Signal();
        Eventually.True(() => vm.ReadStats().InterruptsDelivered == 1, () => "delivered before dispose");
        vm.Dispose();

        Assert.Throws<ObjectDisposedException>(() => vm.CreateVcpu(1));
        Assert.Throws<ObjectDisposedException>(() => vm.DestroyVcpu(0));
        Assert.Throws<ObjectDisposedException>(() => vm.Start());
        Assert.Throws<ObjectDisposedException>(() => vm.Pause());
        Assert.Throws<ObjectDisposedException>(() => vm.CreateIrqLine(0));
        Assert.Throws<ObjectDisposedException>(() => vm.Audit());
        Assert.Throws<ObjectDisposedException>(() => line.Signal());
        var stats = vm.ReadStats();
        Assert.Equal((VmState.Disposed, 1L), (stats.State, stats.InterruptsDelivered));
    }

    [Fact]
    public void Bad_options_name_the_option_and_its_limit()
    {
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => Vm.Create(new VmOptions { MaxVcpus = 0 }));
        var huge = Assert.Throws<ArgumentOutOfRangeException>(() => Vm.Create(new VmOptions { MaxVcpuIds = VmOptions.Limit + 1 }));
        Assert.Equal("MaxVcpus", zero.ParamName);
        Assert.Contains(VmOptions.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture), huge.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Vm.Create(new VmOptions { Table = (VcpuTableStrategy)42 }));
    }
}
