using Rcuvisor.Backends;
using Rcuvisor.Execution;
using Rcuvisor.Rcu;
using Rcuvisor.Tables;

namespace Rcuvisor.VmTests;

/// <summary>
/// A vCPU in guest mode is not waited for by a growing table, and moves its own view as
/// it leaves the guest, before its exit handler reads it (docs/tables.md, X1/X2).
/// </summary>
public sealed class ExtendedQuiescentStateTests
{
    [Fact]
    public void A_vcpu_held_in_the_guest_through_a_growth_reads_the_new_table_on_its_next_exit_never_the_retired_one()
    {
        using var srcu = new SrcuDomain(new GracePeriodOptions { Checked = true }); // retired tables are poisoned
        using var table = new CachedMoveTable<Vcpu>(srcu, new VcpuTableLimits { MaxCount = 8, MaxId = 8, InitialCapacity = 2 });
        var backends = Enumerable.Range(0, 3).Select(id => new ScriptedVcpuBackend(id)).ToArray();
        var vcpus = backends.Select(b => new Vcpu(b.Id, b, table)).ToArray();
        try
        {
            table.Add(vcpus[0]);
            table.Add(vcpus[1]);
            vcpus[0].Start();
            vcpus[1].Start();
            Assert.True(backends.Take(2).All(b => b.InGuest.Wait(Eventually.Bound, TestContext.Current.CancellationToken)), "both vCPUs in the guest");
            var old = table.SharedStateForOwnViews();

            table.Add(vcpus[2]); // 2 -> 4 while both stay in the guest: it must not wait for them
            srcu.Barrier();      // the outgrown table is retired and poisoned now

            Assert.Equal(4, table.Capacity);
            Assert.Same(old, vcpus[0].View.Cached); // not moved yet: it never left the guest
            backends[0].Exit(VcpuExit.Io(GuestPorts.Doorbell, 1)); // leaves, and its handler looks vCPU 1 up

            Eventually.True(() => backends[1].Injected == 1 || vcpus[0].Failure is not null, () => $"vCPU 1 took the doorbell: {vcpus[0].ReadStats()}; {vcpus[0].Failure}");
            Assert.Null(vcpus[0].Failure); // reading the poisoned table would have thrown here (debug builds)
            Assert.Same(table.SharedStateForOwnViews(), vcpus[0].View.Cached);
            Assert.Equal((1L, 0L), (vcpus[0].ReadStats().DoorbellsSent, vcpus[0].ReadStats().GuestErrors));
        }
        finally
        {
            foreach (var vcpu in vcpus)
                vcpu.Dispose();
        }
    }
}
