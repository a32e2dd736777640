namespace Rcuvisor.Bench;

/// <summary>
/// What watches a bench run (the CLI's display): it is shown the plan, then runs the
/// measuring work on the calling thread while showing the progress that work reports.
/// An interface so the harness knows nothing of consoles.
/// </summary>
internal interface IBenchObserver
{
    void ShowPlan(BenchOptions options, MachineInfo machine, string backendNote);

    /// <summary>Runs <paramref name="run"/> on this thread, showing the progress it reports.</summary>
    T Track<T>(int totalSteps, Func<IBenchProgress, T> run);
}
