using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;

namespace Rcuvisor.VmTests;

/// <summary>
/// The simulated CPU with a test's hooks around each backend vCPU: a slow kick, a run that
/// ignores kicks, a record of kicks that reached a disposed backend.
/// </summary>
internal sealed class InterceptingHypervisor(SimulatedEntryRules rules = SimulatedEntryRules.Atomic) : IHypervisor
{
    private readonly SimulatedHypervisor _inner = new(rules);
    private long _kicksAfterDispose;

    public string Name => "sim-intercepted";

    /// <summary>Runs inside every backend Kick, before it reaches the simulated vCPU.</summary>
    public Action<int>? BeforeKick { get; init; }

    /// <summary>Runs at the start of every backend Run; may block (a KVM_RUN that does not return).</summary>
    public Action<int>? BeforeRun { get; init; }

    public long KicksAfterDispose => Volatile.Read(ref _kicksAfterDispose);

    public IVmBackend CreateVm(GuestProgram program, int maxVcpuId) => new Vm(this, _inner.CreateVm(program, maxVcpuId));

    private sealed class Vm(InterceptingHypervisor owner, IVmBackend inner) : IVmBackend
    {
        public GuestProgram Program => inner.Program;

        public IVcpuBackend CreateVcpu(int id) => new Vcpu(owner, inner.CreateVcpu(id));

        public long GuestInterruptCount(int id) => inner.GuestInterruptCount(id);

        public void Dispose() => inner.Dispose();
    }

    private sealed class Vcpu(InterceptingHypervisor owner, IVcpuBackend inner) : IVcpuBackend
    {
        private int _disposed;

        public int Id => inner.Id;

        public bool CanTakeInterrupt => inner.CanTakeInterrupt;

        public bool HasUntakenInterrupt => inner.HasUntakenInterrupt;

        public void AttachThread() => inner.AttachThread();

        public void DetachThread() => inner.DetachThread();

        public VcpuExit Run()
        {
            owner.BeforeRun?.Invoke(Id);
            return inner.Run();
        }

        public bool TryInjectInterrupt() => inner.TryInjectInterrupt();

        public void CompleteRead(ulong value) => inner.CompleteRead(value);

        public void RequestInterruptWindow() => inner.RequestInterruptWindow();

        public void Kick()
        {
            owner.BeforeKick?.Invoke(Id);
            if (Volatile.Read(ref _disposed) != 0)
                Interlocked.Increment(ref owner._kicksAfterDispose); // on KVM: a write to an unmapped kvm_run
            inner.Kick();
        }

        public void Dispose()
        {
            Volatile.Write(ref _disposed, 1);
            inner.Dispose();
        }
    }
}
