using Rcuvisor.Execution;

namespace Rcuvisor;

/// <summary>The VM's statistics and its interrupt audit.</summary>
public sealed partial class Vm
{
    /// <summary>
    /// The VM's counters now; any thread (a vCPU's exit or request handler included), any
    /// state (after Dispose: the final ones). Takes no lock: it reads the membership the
    /// control path last published, and each vCPU's counters live.
    /// </summary>
    public VmStatsSnapshot ReadStats() => Snapshot(Volatile.Read(ref _members));

    /// <summary>Interrupts the guest's handler on vCPU <paramref name="id"/> has counted, read from guest memory.</summary>
    public long GuestInterruptCount(int id)
    {
        ThrowIfIdOutOfRange(id);
        return _backend.GuestInterruptCount(id);
    }

    /// <summary>
    /// Checks the interrupt books. The VM must be <see cref="VmState.Paused"/> (or not yet
    /// started), since counts move while vCPUs run; stop signalling its interrupt lines first.
    /// </summary>
    /// <remarks>
    /// Throws <see cref="InvalidOperationException"/> while the VM runs, and after a Pause that
    /// timed out until a later Pause has been acknowledged by every vCPU.
    /// </remarks>
    public VmAudit Audit()
    {
        ThrowIfCannotWait(nameof(Audit));
        lock (_control)
        {
            ThrowIfDisposed();
            if (CurrentState == VmState.Running)
                throw new InvalidOperationException("Audit needs a paused VM: its counts move while vCPUs run. Call Pause() first.");
            if (!_acknowledged)
                throw new InvalidOperationException("Audit needs every vCPU parked, and the last Pause timed out before all acknowledged it. Call Pause() again.");
            if (!ReleaseRetiredBy(Execution.Vcpu.DeadlineAfter(_options.ControlTimeout)))
                throw new TimeoutException($"Audit: unplugged vCPU(s) {string.Join(", ", _retiring.Select(v => v.Id))} have not left their run loops, or their grace periods have not ended, within {_options.ControlTimeout}; their counts still move. Call Audit again.");
            _table.WaitForRetirements(); // every vCPU is parked, so every deferred round ends at the worker's next look: the table's counts are final
            var stats = Snapshot(_members);
            long guestCounted = 0;
            for (int id = 0; id < _options.MaxVcpuIds; id++)
                guestCounted += _backend.GuestInterruptCount(id);
            var violations = new List<string>();
            CheckBooks(stats, guestCounted, violations);
            CheckIrqDrops(violations);
            CheckVcpus(violations);
            return new VmAudit { Stats = stats, GuestCountedInterrupts = guestCounted, Violations = violations };
        }
    }

    private static void CheckBooks(VmStatsSnapshot s, long guestCounted, List<string> violations)
    {
        long accounted = s.InterruptsDelivered + s.InterruptsDropped + s.InterruptsInFlight;
        if (s.InterruptsSent != accounted)
            violations.Add($"sent {s.InterruptsSent} != delivered {s.InterruptsDelivered} + dropped {s.InterruptsDropped} + in flight {s.InterruptsInFlight} = {accounted}");
        long queuedOut = s.InterruptsDelivered + s.Vcpus.InterruptsAbandoned + s.InterruptsInFlight;
        if (s.Vcpus.InterruptsQueued != queuedOut)
            violations.Add($"queued {s.Vcpus.InterruptsQueued} != delivered {s.InterruptsDelivered} + abandoned at unplug {s.Vcpus.InterruptsAbandoned} + in flight {s.InterruptsInFlight} = {queuedOut}");
        if (guestCounted != s.InterruptsDelivered)
            violations.Add($"the guests counted {guestCounted} interrupts, the VMM delivered {s.InterruptsDelivered}");
    }

    private void CheckIrqDrops(List<string> violations)
    {
        foreach (var line in _members.Lines)
        {
            if (line.Dropped > 0 && !_unplugged.ContainsAfterMiss(line.TargetId))
                violations.Add($"interrupt line to vCPU {line.TargetId} dropped {line.Dropped} signals, but that vCPU was never unplugged");
        }
    }

    private void CheckVcpus(List<string> violations)
    {
        // Under the control lock no growth is in flight, and every view acknowledged (or was
        // given) the last one before its CreateVcpu returned: each must hold the current state.
        foreach (var vcpu in _vcpus.Values)
        {
            if (vcpu.Failure is { } failure)
                violations.Add($"vCPU {vcpu.Id}'s thread died: {failure.GetType().Name}: {failure.Message}");
            if (!vcpu.View.IsOnCurrentState)
                violations.Add($"vCPU {vcpu.Id}'s own view is not on the table's current state");
        }
    }

    private VmStatsSnapshot Snapshot(VmMembers members)
    {
        var vcpus = members.Unplugged;
        long inFlight = 0;
        foreach (var vcpu in members.Live)
        {
            vcpus += vcpu.ReadStats();
            inFlight += vcpu.InterruptsInFlight;
        }
        foreach (var vcpu in members.Retiring) // unplugged, thread not yet gone: its queue is in flight until released, then abandoned
        {
            vcpus += vcpu.ReadStats();
            inFlight += vcpu.InterruptsInFlight;
        }
        long signals = 0, queued = 0, dropped = 0;
        foreach (var line in members.Lines)
        {
            signals += line.Signals;
            queued += line.Queued;
            dropped += line.Dropped;
        }
        return new VmStatsSnapshot
        {
            State = State,
            Table = _table.Strategy,
            Vcpus = vcpus,
            LiveVcpus = members.Live.Length,
            VcpusPlugged = Volatile.Read(ref _created),
            VcpusUnplugged = _unplugLatency.Count,
            IrqSignals = signals,
            IrqQueued = queued,
            IrqDropped = dropped,
            InterruptsInFlight = inFlight,
            TableCount = _table.Count,
            TableCapacity = _table.Capacity,
            TableGrowths = Volatile.Read(ref _growths),
            TableShrinks = _table.Shrinks,
            TableUpdateRounds = _table.UpdateRounds,
            TableRoundsThatWaited = _table.UpdateRoundsThatWaited,
            TableRoundWaitMs = _table.UpdateRoundWaitTime.TotalMilliseconds,
            TableBytes = members.TableBytes,
            PlugLatency = _plugLatency.Summarize(),
            GrowthLatency = _growthLatency.Summarize(),
            UnplugLatency = _unplugLatency.Summarize(),
        };
    }
}
