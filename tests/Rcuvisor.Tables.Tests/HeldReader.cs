using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary>
/// An own view resumed on a thread of its own and held there, running and between quiescent
/// points (a vCPU inside a doorbell lookup, unless its participant says it is quiescent),
/// until <see cref="MoveAndPark"/> lets it process the pending update and park.
/// </summary>
internal sealed class HeldReader
{
    private readonly ManualResetEventSlim _resumed = new();
    private readonly ManualResetEventSlim _release = new();
    private readonly Thread _owner;

    public HeldReader(OwnView<TestVcpu> view)
    {
        _owner = new Thread(() =>
        {
            view.Resume();
            _resumed.Set();
            _release.Wait();
            view.ProcessPendingUpdate(); // what the vCPU does at its next quiescent point
            view.Park();
        })
        { IsBackground = true }; // a failed assertion never releases it: it must not keep the test process alive
        _owner.Start();
        _resumed.Wait(TestContext.Current.CancellationToken);
    }

    /// <summary>Lets the owner reach its quiescent point and park, and waits for its thread.</summary>
    public void MoveAndPark()
    {
        _release.Set();
        _owner.Join();
    }
}
