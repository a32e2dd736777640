namespace Rcuvisor.Rcu;

/// <summary>
/// Spin, then yield, then sleep: a grace period usually ends within microseconds,
/// but a reader preempted inside its section can hold it for a scheduler tick, and
/// spinning through that on a 2-core machine starves the very reader we wait for.
/// </summary>
internal struct GracePeriodWait
{
    private const int SpinsBeforeSleep = 40;
    private SpinWait _spin;

    public void Pause()
    {
        if (_spin.Count < SpinsBeforeSleep)
            _spin.SpinOnce(sleep1Threshold: -1); // spins, then Thread.Yield/Sleep(0); never Sleep(1) yet
        else
            Thread.Sleep(1);
    }

    public async ValueTask PauseAsync()
    {
        if (_spin.Count < SpinsBeforeSleep)
        {
            _spin.SpinOnce(sleep1Threshold: -1);
            return;
        }
        await Task.Delay(1).ConfigureAwait(false);
    }
}
