using ScottPlot;

namespace Rcuvisor.Bench;

/// <summary>
/// The report's SVG charts, drawn with ScottPlot (SkiaSharp underneath, whose Linux
/// native library ships in its NuGet package, so it renders headless). ScottPlot has no
/// log axis: a log scale plots log10 of the values, with <see cref="LogTicks"/> labels.
/// </summary>
internal sealed class ChartWriter(string directory)
{
    private const int Width = 900;
    private const int Height = 450;
    private const int BarChartHeight = 520;
    private static readonly Color OursColor = Colors.SteelBlue;
    private static readonly Color BaselineColor = Colors.DarkOrange;

    /// <summary>Writes <paramref name="file"/> (an .svg name) beside the report; returns the name to link.</summary>
    /// <param name="formatX">Labels for a log x axis, which gets one tick per measured x (a vCPU count, a maximum).</param>
    public string Lines(string file, string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, bool logX, bool logY,
        Func<double, string>? formatX = null)
    {
        var plot = new Plot();
        foreach (var line in series)
        {
            var scatter = plot.Add.Scatter(Scale(line.Xs, logX), Scale(line.Ys, logY));
            scatter.LegendText = line.Name;
            scatter.MarkerSize = 6;
        }
        if (logX)
            plot.Axes.Bottom.TickGenerator = LogTicks.AtValues(series.SelectMany(s => s.Xs), formatX ?? (x => x.ToString("N0")));
        if (logY)
            plot.Axes.Left.TickGenerator = LogTicks.For(series.SelectMany(s => s.Ys));
        plot.ShowLegend(Edge.Right); // outside the data, which fills the whole frame
        return Save(plot, file, title, xLabel, yLabel, Height);
    }

    /// <summary>One bar per value, labelled underneath.</summary>
    public string Bars(string file, string title, string yLabel, IReadOnlyList<ChartBar> bars, bool logY)
    {
        var plot = new Plot();
        double[] values = Scale([.. bars.Select(b => b.Value)], logY);
        // A log axis has no zero: bars start at the decade below the smallest value.
        double floor = logY && values.Length > 0 ? Math.Floor(values.Min()) : 0;
        var barPlot = plot.Add.Bars(values);
        foreach (var (bar, source) in barPlot.Bars.Zip(bars))
        {
            bar.ValueBase = floor;
            bar.FillColor = source.Baseline ? BaselineColor : OursColor;
        }
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, bars.Count).Select(i => (double)i)], [.. bars.Select(b => b.Label)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 130;
        if (logY)
            plot.Axes.Left.TickGenerator = LogTicks.For(bars.Select(b => b.Value));
        plot.Axes.SetLimitsY(floor, values.Length == 0 ? 1 : values.Max() + (logY ? 0.2 : values.Max() * 0.1));
        return Save(plot, file, title, "", yLabel, BarChartHeight);
    }

    private string Save(Plot plot, string file, string title, string xLabel, string yLabel, int height)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.SaveSvg(Path.Combine(directory, file), Width, height);
        return file;
    }

    private static double[] Scale(IReadOnlyList<double> values, bool log) => [.. values.Select(v => log ? Math.Log10(v) : v)];
}
