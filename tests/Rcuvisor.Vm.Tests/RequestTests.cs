using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;
using Rcuvisor.Execution;
using Rcuvisor.Rcu;
using Rcuvisor.Tables;

namespace Rcuvisor.VmTests;

public sealed class RequestTests
{
    private static readonly TimeSpan WaitBound = Eventually.Bound;

    /// <summary>
    /// Per vCPU, the Test handler's runs must consume tickets 1, 2, 3, ... as contiguous
    /// ranges: each range starts one past the previous one's end. Then every ticket is
    /// consumed by exactly one run, however the bits coalesced.
    /// </summary>
    private sealed class TicketLedger(int vcpus)
    {
        private readonly long[] _lastConsumed = new long[vcpus]; // written by vCPU i's thread only
        private readonly long[] _runs = new long[vcpus];
        private int _gaps;

        public void OnTest(Vcpu vcpu, long first, long last)
        {
            if (first != _lastConsumed[vcpu.Id] + 1 || last < first)
                Interlocked.Increment(ref _gaps);
            Volatile.Write(ref _lastConsumed[vcpu.Id], last);
            Volatile.Write(ref _runs[vcpu.Id], _runs[vcpu.Id] + 1);
        }

        public long Consumed(int id) => Volatile.Read(ref _lastConsumed[id]);
        public long Runs(int id) => Volatile.Read(ref _runs[id]);
        public int Gaps => Volatile.Read(ref _gaps);
    }

    [Fact]
    public void Every_request_fired_at_vcpus_in_guest_mode_is_consumed_exactly_once()
    {
        const int VcpuCount = 3, Requesters = 3;
        var ledger = new TicketLedger(VcpuCount);
        using var machine = new SimulatedMachine(GuestProgram.Spin(), VcpuCount, new VcpuOptions { TestRequestHandler = ledger.OnTest });
        var made = new long[VcpuCount];        // requests each vCPU was sent
        var lastTicket = new long[VcpuCount];  // the highest ticket handed out per vCPU
        int waitFailures = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1.5)); // a bounded run, not a timing assertion
        var requesters = Enumerable.Range(0, Requesters).Select(seed => new Thread(() =>
        {
            var random = new Random(seed);
            for (long n = 0; !stop.IsCancellationRequested; n++)
            {
                var target = machine.Vcpus[random.Next(VcpuCount)];
                long ticket = target.MakeRequest(VcpuRequests.Test);
                Interlocked.Increment(ref made[target.Id]);
                InterlockedMax(ref lastTicket[target.Id], ticket);
                if (n % 16 == 0 && !target.WaitForRequest(VcpuRequests.Test, ticket, WaitBound))
                    Interlocked.Increment(ref waitFailures);
            }
        })).ToList();
        requesters.ForEach(t => t.Start());
        requesters.ForEach(t => t.Join());

        foreach (var vcpu in machine.Vcpus)
            Assert.True(vcpu.WaitForRequest(VcpuRequests.Test, lastTicket[vcpu.Id], WaitBound));
        machine.Report("requests");
        var totals = machine.Totals();
        long runs = machine.Vcpus.Sum(v => ledger.Runs(v.Id));
        TestContext.Current.SendDiagnosticMessage(
            $"requests made={made.Sum()} consumed={machine.Vcpus.Sum(v => ledger.Consumed(v.Id))} handler runs={runs} (coalesced {made.Sum() - runs}) kicks into guest={totals.KickInterrupts}");

        Assert.Equal(0, waitFailures);
        Assert.Equal(0, ledger.Gaps);
        foreach (var vcpu in machine.Vcpus)
        {
            Assert.Equal(made[vcpu.Id], lastTicket[vcpu.Id]);        // tickets are 1..made, no ticket lost or doubled
            Assert.Equal(made[vcpu.Id], ledger.Consumed(vcpu.Id));   // and each was consumed, in contiguous runs
            Assert.Equal(made[vcpu.Id], vcpu.ReadStats().RequestsAcknowledged);
        }
        Assert.True(totals.KickInterrupts > 0, "the vCPUs were never kicked out of guest mode: the test did not test the race");
    }

    [Fact]
    public void A_request_made_before_the_vcpu_starts_is_consumed_when_it_starts()
    {
        var ledger = new TicketLedger(1);
        using var machine = new SimulatedMachine(GuestProgram.Spin(), 1, new VcpuOptions { TestRequestHandler = ledger.OnTest }, start: false);
        var vcpu = machine.Vcpus[0];
        long ticket = vcpu.MakeRequest(VcpuRequests.Test);
        Assert.Equal(0, ledger.Consumed(0));
        machine.Start();
        Assert.True(vcpu.WaitForRequest(VcpuRequests.Test, ticket, WaitBound));
        Assert.Equal(1, ledger.Consumed(0));
    }

    [Fact]
    public void Growth_does_not_wait_for_vcpus_in_guest_mode_and_each_moves_its_own_view_when_it_exits()
    {
        using var srcu = new SrcuDomain(new GracePeriodOptions { Checked = true });
        using var table = new CachedMoveTable<Vcpu>(srcu, new VcpuTableLimits { MaxCount = 64, MaxId = 64, InitialCapacity = 1 });
        using var vm = new SimulatedVm(GuestProgram.Spin(), 63);
        var spinning = Enumerable.Range(0, 4).Select(id => new Vcpu(id, vm.CreateVcpu(id), table)).ToArray();
        var late = new Vcpu(4, vm.CreateVcpu(4), table); // never started: its view stays parked
        try
        {
            foreach (var vcpu in spinning)
                table.Add(vcpu); // before the threads start, the writer moves the parked views itself
            foreach (var vcpu in spinning)
                vcpu.Start();
            Eventually.True(() => spinning.All(v => v.Mode == VcpuMode.InGuest), () => "every vCPU in guest mode");
            var first = table.SharedStateForOwnViews();

            table.Add(late); // capacity 4 -> 8 while the four spin in guest mode

            var grown = table.SharedStateForOwnViews();
            Assert.Equal(8, grown.Slots.Length);
            Assert.Same(grown, late.View.Cached); // parked: moved by the writer
            // Spin guests exit only when kicked, and the growth kicked nobody: it counted the
            // vCPUs in guest mode as quiescent and went on.
            Assert.All(spinning, v => Assert.Equal(0, v.ReadStats().Exits));
            Assert.All(spinning, v => Assert.Same(first, v.View.Cached)); // not moved yet, and not read either

            Assert.True(VcpuBroadcast.MakeAllVcpusRequest(spinning, VcpuRequests.Test, wait: true, WaitBound)); // one exit each

            Assert.All(spinning, v => Assert.Same(grown, v.View.Cached)); // each moved on its own thread as it left the guest
            Assert.All(spinning, v => Assert.Null(v.Failure)); // and never read the retired (poisoned) state
        }
        finally
        {
            foreach (var vcpu in spinning.Append(late))
                vcpu.Dispose();
        }
        Assert.All(spinning, v => Assert.False(v.IsThreadAlive));
        Assert.Equal(0, table.ParticipantCount);
    }

    [Fact]
    public void A_vcpu_thread_may_not_wait_for_acknowledgements()
    {
        Exception? seen = null;
        Vcpu[]? all = null;
        var options = new VcpuOptions
        {
            TestRequestHandler = (self, _, _) =>
                seen = Record.Exception(() => VcpuBroadcast.MakeAllVcpusRequest(all!, VcpuRequest.UpdateVcpus, wait: true, WaitBound)),
        };
        using var machine = new SimulatedMachine(GuestProgram.Spin(), 2, options);
        all = machine.Vcpus;
        long ticket = machine.Vcpus[0].MakeRequest(VcpuRequests.Test);
        Assert.True(machine.Vcpus[0].WaitForRequest(VcpuRequests.Test, ticket, WaitBound));
        Assert.IsType<InvalidOperationException>(seen);
        Assert.Null(machine.Vcpus[0].Failure);
    }

    private static void InterlockedMax(ref long location, long value)
    {
        long current = Volatile.Read(ref location);
        while (value > current)
        {
            long seen = Interlocked.CompareExchange(ref location, value, current);
            if (seen == current)
                return;
            current = seen;
        }
    }
}
