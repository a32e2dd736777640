using Rcuvisor.Bench;
using Spectre.Console;

namespace Rcuvisor.Cli.Rendering;

/// <summary>Bench progress onto a Spectre progress task: the description names the part and the cell.</summary>
internal sealed class ProgressTaskBenchProgress(ProgressTask task) : IBenchProgress
{
    private string _part = "";

    public void BeginPart(string title)
    {
        _part = title;
        task.Description = Markup.Escape(title);
    }

    public void Advance(string label)
    {
        task.Description = Markup.Escape($"{_part}: {label}");
        task.Increment(1);
    }
}
