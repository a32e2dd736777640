namespace Rcuvisor.Execution;

/// <summary>
/// One thread of <see cref="SpareVcpuThreads"/>: parked on its own event until it is given a
/// vCPU (runs that vCPU's loop) or nothing (ends).
/// </summary>
internal sealed class SpareThread
{
    private readonly SpareVcpuThreads _owner;
    private readonly Thread _thread;
    private readonly SemaphoreSlim _assigned = new(0); // never disposed: an assignment may race the thread's end
    private Vcpu? _vcpu; // written by the assigner before the release, read by this thread after its wait

    public SpareThread(SpareVcpuThreads owner)
    {
        _owner = owner;
        _thread = new Thread(Loop) { IsBackground = true, Name = "vcpu" };
    }

    public void Start() => _thread.Start();

    /// <summary>Hands this parked thread <paramref name="vcpu"/> to run, or null to end it.</summary>
    public void Assign(Vcpu? vcpu)
    {
        _vcpu = vcpu;
        _assigned.Release(); // a full fence: the vCPU is visible to the thread that wakes
    }

    public void Join() => _thread.Join();

    private void Loop()
    {
        while (true)
        {
            _assigned.Wait();
            var vcpu = _vcpu;
            _vcpu = null;
            if (vcpu is null)
            {
                _owner.Forget(this);
                return;
            }
            vcpu.RunLoopOnThisThread();
            if (!_owner.TryPark(this))
                return;
        }
    }
}
