using Rcuvisor.Tables;

namespace Rcuvisor.Tables.Tests;

/// <summary>
/// A participant on its own thread, like a vCPU: resumes its view, then loops calling
/// <paramref name="step"/> and processing pending updates at the top of each turn,
/// until stopped. Any exception is kept for the test to inspect.
/// </summary>
public sealed class ParticipantThread : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _turns;

    public ParticipantThread(OwnView<TestVcpu> view, Action<OwnView<TestVcpu>> step)
    {
        View = view;
        _thread = new Thread(() => Run(step)) { IsBackground = true, Name = $"participant-{view.Participant.Id}" };
        _thread.Start();
    }

    public OwnView<TestVcpu> View { get; }

    public Exception? Failure { get; private set; }

    public long Turns => Interlocked.Read(ref _turns);

    private void Run(Action<OwnView<TestVcpu>> step)
    {
        try
        {
            View.Resume();
            while (!_stop)
            {
                View.ProcessPendingUpdate(); // the request check at the top of a vCPU's run loop
                step(View);
                Interlocked.Increment(ref _turns);
            }
            View.Park();
        }
        catch (Exception e)
        {
            Failure = e;
            try
            {
                View.Park(); // let the writer update this view rather than wait for it forever
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    /// <summary>Blocks until the participant has taken at least <paramref name="turns"/> more turns.</summary>
    public void WaitForTurns(long turns)
    {
        long target = Turns + turns;
        var spin = new SpinWait();
        while (Turns < target && _thread.IsAlive)
            spin.SpinOnce();
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
