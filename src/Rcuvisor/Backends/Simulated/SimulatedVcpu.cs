namespace Rcuvisor.Backends.Simulated;

/// <summary>
/// The simulated CPU running one vCPU's guest program. Its guest state (the work loop's
/// position, the rings made, an injected interrupt) persists across runs, as a real
/// vCPU's registers do, so a kicked work loop resumes where it stopped.
/// </summary>
/// <remarks>
/// With <see cref="SimulatedEntryRules.Atomic"/> an injected interrupt is taken at the very
/// start of the next <see cref="Run"/>, even one that exits at once for a kick. With
/// <see cref="SimulatedEntryRules.Kvm"/> a run that finds a kick pending returns before
/// entry, as <c>KVM_RUN</c> does with <c>immediate_exit</c>, and the interrupt stays
/// injected but untaken (<see cref="HasUntakenInterrupt"/>) until a later entry.
/// </remarks>
public sealed class SimulatedVcpu : IVcpuBackend
{
    /// <summary>Work iterations between looks at the kick flag: prompt, yet not a load per iteration.</summary>
    internal const int KickCheckInterval = 64;
    private const string DisposedReason = "the simulated vCPU was disposed";

    private readonly GuestProgram _program;
    private readonly GuestMemory _memory;
    private readonly int _firstTarget;
    private readonly SimulatedEntryRules _entryRules;
    private int _kickPending;         // 1 from a kick until the run it interrupts consumes it; any thread sets it
    private bool _interruptInjected;  // vCPU thread only
    private int _workDone;            // vCPU thread only: the work loop's position
    private long _ringsDone;          // vCPU thread only
    private ulong _workState = 0x9E3779B97F4A7C15; // what the work loop computes, kept so it is not optimised away
    private bool _disposed;

    internal SimulatedVcpu(int id, GuestProgram program, GuestMemory memory, SimulatedEntryRules entryRules = SimulatedEntryRules.Atomic)
    {
        _entryRules = entryRules;
        Id = id;
        _program = program;
        _memory = memory;
        _firstTarget = program.Targets.Count == 0 ? 0 : id % program.Targets.Count;
    }

    public int Id { get; }

    /// <summary>The spin guest runs with interrupts disabled (IF=0 at reset, never set).</summary>
    private bool InterruptsEnabled => _program.Kind != GuestProgramKind.Spin;

    public bool CanTakeInterrupt => InterruptsEnabled && !_interruptInjected;

    public bool HasUntakenInterrupt => _interruptInjected;

    /// <summary>The model's guests enable interrupts by themselves, so no window needs asking for.</summary>
    public bool TryInjectInterrupt()
    {
        if (!CanTakeInterrupt)
            return false;
        _interruptInjected = true;
        return true;
    }

    /// <summary>The model's programs never read a port or memory-mapped I/O.</summary>
    public void CompleteRead(ulong value)
    {
    }

    public void AttachThread()
    {
    }

    public void DetachThread()
    {
    }

    public void Kick() => Volatile.Write(ref _kickPending, 1); // release: what the kicker published comes first

    public VcpuExit Run()
    {
        if (_disposed)
            return VcpuExit.Error(DisposedReason);
        if (_entryRules == SimulatedEntryRules.Kvm && ConsumeKick())
            return VcpuExit.Interrupted; // immediate_exit: back before entry, the injected interrupt still queued
        TakeInjectedInterrupt();
        return _program.Kind switch
        {
            GuestProgramKind.Spin => RunSpin(),
            GuestProgramKind.Halt => RunHalt(),
            _ => RunDoorbell(),
        };
    }

    public void Dispose() => _disposed = true;

    private void TakeInjectedInterrupt()
    {
        if (!_interruptInjected)
            return;
        _interruptInjected = false;
        _memory.CountInterrupt(Id); // the guest's handler: one count per injected interrupt
    }

    /// <summary>Consumes a pending kick. Exchange is a full fence: the kicker's earlier stores are visible after it.</summary>
    private bool ConsumeKick() => Volatile.Read(ref _kickPending) != 0 && Interlocked.Exchange(ref _kickPending, 0) != 0;

    private VcpuExit RunSpin()
    {
        while (!ConsumeKick())
        {
            for (int i = 0; i < KickCheckInterval; i++)
                DoWork();
        }
        return VcpuExit.Interrupted;
    }

    private VcpuExit RunHalt() => ConsumeKick() ? VcpuExit.Interrupted : VcpuExit.Halt;

    private VcpuExit RunDoorbell()
    {
        if (ConsumeKick())
            return VcpuExit.Interrupted;
        if (_program.Rings > 0 && _ringsDone >= _program.Rings)
            return VcpuExit.Halt; // the rings are done: the guest sits in its sti; hlt loop
        while (_workDone < _program.WorkIterations)
        {
            DoWork();
            _workDone++;
            if (_workDone % KickCheckInterval == 0 && ConsumeKick())
                return VcpuExit.Interrupted;
        }
        _workDone = 0;
        int target = _program.Targets[(int)((_firstTarget + _ringsDone) % _program.Targets.Count)];
        _ringsDone++;
        return VcpuExit.Io(GuestPorts.Doorbell, unchecked((uint)target));
    }

    private void DoWork() => _workState = _workState * 6364136223846793005UL + 1442695040888963407UL;
}
