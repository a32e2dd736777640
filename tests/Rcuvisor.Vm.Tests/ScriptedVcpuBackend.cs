using System.Collections.Concurrent;
using Rcuvisor.Backends;

namespace Rcuvisor.VmTests;

/// <summary>
/// A backend vCPU the test drives: <see cref="Run"/> stays "in the guest" until the test
/// (or a kick) supplies the exit it returns, so a test can hold a vCPU in guest mode
/// across a table change and choose how it leaves.
/// </summary>
internal sealed class ScriptedVcpuBackend(int id) : IVcpuBackend
{
    private readonly SemaphoreSlim _exits = new(0);
    private readonly ConcurrentQueue<VcpuExit> _script = new();
    private long _injected;

    public int Id { get; } = id;

    /// <summary>Set while the vCPU's thread is inside <see cref="Run"/>.</summary>
    public ManualResetEventSlim InGuest { get; } = new();

    public bool CanTakeInterrupt => true;

    public long Injected => Volatile.Read(ref _injected);

    public VcpuExit Run()
    {
        InGuest.Set();
        _exits.Wait();
        InGuest.Reset();
        return _script.TryDequeue(out var exit) ? exit : VcpuExit.Interrupted;
    }

    /// <summary>Makes the current (or next) run return <paramref name="exit"/>.</summary>
    public void Exit(VcpuExit exit)
    {
        _script.Enqueue(exit);
        _exits.Release();
    }

    /// <summary>The scripted guest takes an injected interrupt at once.</summary>
    public bool HasUntakenInterrupt => false;

    public bool TryInjectInterrupt()
    {
        Interlocked.Increment(ref _injected);
        return true;
    }

    public void CompleteRead(ulong value)
    {
    }

    public void RequestInterruptWindow()
    {
    }

    public void AttachThread()
    {
    }

    public void DetachThread()
    {
    }

    public void Kick() => _exits.Release(); // with nothing scripted, the run returns Interrupted

    public void Dispose()
    {
        _exits.Dispose();
        InGuest.Dispose();
    }
}
