namespace Rcuvisor.Cli.Rendering;

/// <summary>
/// Progress handled synchronously on the reporting thread. <see cref="Progress{T}"/>
/// would post to the thread pool, where reports could arrive after the run returned.
/// </summary>
internal sealed class ProgressCallback<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}
