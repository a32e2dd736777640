using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;
using Rcuvisor.Execution;
using Rcuvisor.Tables;

namespace Rcuvisor.VmTests;

/// <summary>
/// A handful of vCPUs on the simulated backend in a fixed table: the Vm's wiring, reduced
/// to what these vCPU-level tests need (no unplug guard, no control lock). Disposing it
/// tears every vCPU down and checks that no vCPU thread is left.
/// </summary>
internal sealed class SimulatedMachine : IDisposable
{
    private readonly IVmBackend _vm;

    public SimulatedMachine(GuestProgram program, int vcpus, VcpuOptions? options = null, int maxVcpuId = 63, bool start = true)
    {
        _vm = new SimulatedHypervisor().CreateVm(program, maxVcpuId);
        Table = new FixedTable<Vcpu>(maxVcpuId + 1);
        Lookup = new TableLookup(Table);
        Vcpus = new Vcpu[vcpus];
        for (int id = 0; id < vcpus; id++)
        {
            Vcpus[id] = new Vcpu(id, _vm.CreateVcpu(id), Table, options);
            Table.Add(Vcpus[id]);
        }
        if (start)
            Start();
    }

    public FixedTable<Vcpu> Table { get; }

    /// <summary>The foreign lookup for interrupt lines.</summary>
    public IForeignVcpuLookup Lookup { get; }

    public Vcpu[] Vcpus { get; }

    public void Start()
    {
        foreach (var vcpu in Vcpus)
            vcpu.Start();
    }

    public long GuestInterrupts(int id) => _vm.GuestInterruptCount(id);

    public VcpuStatsSnapshot Totals() => VcpuStatsSnapshot.Sum(Vcpus);

    public void Report(string title)
    {
        var t = Totals();
        TestContext.Current.SendDiagnosticMessage(
            $"{title}: exits io={t.ExitsIo} halt={t.ExitsHalt} interrupted={t.ExitsInterrupted}; " +
            $"doorbells sent={t.DoorbellsSent} queued={t.InterruptsQueued} delivered={t.InterruptsDelivered} abandoned={t.InterruptsAbandoned}; " +
            $"guest errors={t.GuestErrors}; kicks={t.Kicks} (backend {t.KickInterrupts}, wake-ups {t.Wakeups}); " +
            $"requests raised={t.RequestsRaised} acknowledged={t.RequestsAcknowledged} runs={t.RequestRuns} empty={t.EmptyRequestRuns}");
    }

    public void Dispose()
    {
        foreach (var vcpu in Vcpus)
            vcpu.Dispose();
        Table.Dispose();
        _vm.Dispose();
        Assert.All(Vcpus, v => Assert.False(v.IsThreadAlive, $"{v} still has a thread"));
    }
}
