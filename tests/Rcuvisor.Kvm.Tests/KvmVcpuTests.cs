using System.Diagnostics;

namespace Rcuvisor.Kvm.Tests;

/// <summary>Against the real /dev/kvm; each skips, with TryOpen's reason, where it does not open.</summary>
public sealed class KvmVcpuTests
{
    [Fact]
    public void The_API_version_is_12_and_the_limits_are_sane()
    {
        KvmHost.RequireKvm();
        using KvmSystem kvm = KvmSystem.Open();
        Assert.Equal(12, kvm.ApiVersion);
        Assert.True(kvm.VcpuMmapSize >= 2352, $"KVM_GET_VCPU_MMAP_SIZE {kvm.VcpuMmapSize}");
        Assert.True(kvm.MaxVcpuId >= kvm.MaxVcpus && kvm.MaxVcpus >= 1, $"max vCPUs {kvm.MaxVcpus}, max id {kvm.MaxVcpuId}");
        Assert.Contains(kvm.GetSupportedCpuid(), e => e.Function == 0);
    }

    [Fact]
    public void Real_mode_out_then_hlt_exits_Io_on_port_0x10_then_Hlt()
    {
        KvmHost.RequireKvm();
        using var machine = new RealModeVm(RealModeCode.OutThenHalt());
        KvmExit first = machine.Vcpu.Run();
        Assert.True(first.Reason == KvmExitReason.Io, $"first exit {first}");
        Assert.Equal((KvmIoDirection.Out, (ushort)0x10, 1u, 1u), (first.Direction, first.Port, first.Length, first.Count));
        KvmExit second = machine.Vcpu.Run();
        Assert.True(second.Reason == KvmExitReason.Hlt, $"second exit {second}");
        Assert.Equal(RealModeVm.CodeAddress + 5, machine.Vcpu.GetRegs().Rip);
        Assert.Equal(0, machine.Vcpu.GetVcpuEvents().InterruptInjected);
    }

    [Fact]
    public void A_vcpu_id_past_the_maximum_is_refused_with_a_message_naming_it()
    {
        KvmHost.RequireKvm();
        using KvmSystem kvm = KvmSystem.Open();
        using KvmVmFd vm = kvm.CreateVm();
        int id = kvm.MaxVcpuId;
        var e = Assert.Throws<KvmException>(() => vm.CreateVcpu(id));
        Assert.Equal(("KVM_CREATE_VCPU", vm.Target, $"vcpu {id}"), (e.Call, e.Target, e.Detail));
    }

    [Fact]
    public void Every_kick_of_a_spinning_vcpu_makes_Run_return_Intr()
    {
        KvmHost.RequireKvm();
        const int kicks = 2000;
        using var machine = new RealModeVm(RealModeCode.SpinForever());
        KvmVcpuFd vcpu = machine.Vcpu;
        int acks = 0, others = 0;
        bool stop = false;
        var vcpuThread = new Thread(() =>
        {
            vcpu.Kicker.Bind();
            while (!Volatile.Read(ref stop))
            {
                KvmExit exit = vcpu.Run();
                if (exit.Reason == KvmExitReason.Intr)
                {
                    vcpu.ClearImmediateExit(); // full fence, before the ack that lets the next kick in
                    Interlocked.Increment(ref acks);
                }
                else
                {
                    others++;
                }
            }
            vcpu.Kicker.Unbind();
        });
        vcpuThread.Start();
        var latencies = new double[kicks];
        for (int i = 0; i < kicks; i++)
        {
            long start = Stopwatch.GetTimestamp();
            vcpu.Kicker.Kick();
            var spin = new SpinWait();
            while (Volatile.Read(ref acks) == i)
            {
                Assert.True(Stopwatch.GetElapsedTime(start) < TimeSpan.FromSeconds(10), $"kick {i} not acknowledged in 10 s");
                spin.SpinOnce();
            }
            latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Volatile.Write(ref stop, true);
        vcpu.Kicker.Kick();
        Assert.True(vcpuThread.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(kicks + 1, acks);
        Assert.Equal(0, others);
        Array.Sort(latencies);
        TestContext.Current.SendDiagnosticMessage(
            $"{kicks} kicks, {kicks} Intr exits; round trip p50 {latencies[kicks / 2]:F1} us, p99 {latencies[kicks * 99 / 100]:F1} us, max {latencies[^1]:F1} us");
    }

    [Fact]
    public void A_hundred_VM_and_vcpu_lifetimes_leave_no_fd_and_no_mapping_behind()
    {
        KvmHost.RequireKvm();
        using KvmSystem kvm = KvmSystem.Open();
        Cycle(kvm, 5); // warm up: the kick signal's page, the JIT, the first GC regions
        (int fds, int maps) before = (Count("/proc/self/fd"), File.ReadAllLines("/proc/self/maps").Length);
        Cycle(kvm, 100);
        (int fds, int maps) after = (Count("/proc/self/fd"), File.ReadAllLines("/proc/self/maps").Length);
        TestContext.Current.SendDiagnosticMessage($"100 cycles: fds {before.fds} -> {after.fds}, maps lines {before.maps} -> {after.maps}");
        Assert.Equal(before.fds, after.fds);
        // Each cycle maps 2 kvm_run pages and guest memory: a leak is >= 100 lines. The runtime
        // itself may map a few (GC regions, JIT code heaps) while the test allocates: allow 16.
        Assert.InRange(after.maps - before.maps, -16, 16);

        static void Cycle(KvmSystem kvm, int count)
        {
            for (int i = 0; i < count; i++)
            {
                using var memory = new GuestMemoryMapping(0x10000);
                using KvmVmFd vm = kvm.CreateVm();
                vm.SetUserMemoryRegion(0, 0, memory);
                using KvmVcpuFd a = vm.CreateVcpu(0);
                using KvmVcpuFd b = vm.CreateVcpu(1);
            }
        }

        static int Count(string dir) => Directory.GetFileSystemEntries(dir).Length;
    }
}
