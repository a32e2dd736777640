using ScottPlot;
using ScottPlot.TickGenerators;

namespace Rcuvisor.Cli.Bench;

/// <summary>
/// The report's SVG charts, drawn with ScottPlot (SkiaSharp underneath, whose Linux
/// native library ships in its NuGet package, so it renders headless). ScottPlot has no
/// log axis: a log scale plots log10 of the values and labels the ticks with the values.
/// </summary>
internal sealed class ChartWriter(string directory)
{
    private const int Width = 800;
    private const int Height = 450;

    /// <summary>Writes <paramref name="file"/> (an .svg name) beside the report; returns the name to link.</summary>
    public string Lines(string file, string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, bool logX, bool logY)
    {
        var plot = new Plot();
        foreach (var line in series)
        {
            var scatter = plot.Add.Scatter(Scale(line.Xs, logX), Scale(line.Ys, logY));
            scatter.LegendText = line.Name;
            scatter.MarkerSize = 6;
        }
        if (logX)
            plot.Axes.Bottom.TickGenerator = LogTicks();
        if (logY)
            plot.Axes.Left.TickGenerator = LogTicks();
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, file, title, xLabel, yLabel);
    }

    /// <summary>One bar per value, labelled underneath.</summary>
    public string Bars(string file, string title, string yLabel, IReadOnlyList<(string Label, double Value)> bars, bool logY)
    {
        var plot = new Plot();
        double[] values = Scale([.. bars.Select(b => b.Value)], logY);
        var barPlot = plot.Add.Bars(values);
        double floor = logY ? Math.Floor(values.Min()) : 0;
        foreach (var bar in barPlot.Bars)
            bar.ValueBase = floor; // a log axis has no zero: bars start at the decade below the smallest
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, bars.Count).Select(i => (double)i)], [.. bars.Select(b => b.Label)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 110;
        if (logY)
            plot.Axes.Left.TickGenerator = LogTicks();
        plot.Axes.Margins(bottom: 0);
        return Save(plot, file, title, "", yLabel);
    }

    private string Save(Plot plot, string file, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.SaveSvg(Path.Combine(directory, file), Width, Height);
        return file;
    }

    private static double[] Scale(IReadOnlyList<double> values, bool log) => [.. values.Select(v => log ? Math.Log10(v) : v)];

    private static NumericAutomatic LogTicks() => new()
    {
        LabelFormatter = exponent => FormatPower(Math.Pow(10, exponent)),
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
    };

    private static string FormatPower(double value) => value >= 1 ? value.ToString("N0") : value.ToString("0.###");
}
