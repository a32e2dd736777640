using ScottPlot;
using ScottPlot.TickGenerators;

namespace Rcuvisor.Bench;

/// <summary>
/// Ticks for an axis that plots log10 of its values: 1, 2 and 5 in each decade the data
/// spans (only the decades' 1 when it spans many), labelled with the values themselves.
/// </summary>
internal static class LogTicks
{
    private const int DecadesForOneTickEach = 4;

    public static NumericManual For(IEnumerable<double> values)
    {
        var finite = values.Where(v => v > 0 && double.IsFinite(v)).ToArray();
        var ticks = new NumericManual();
        if (finite.Length == 0)
            return ticks;
        int low = (int)Math.Floor(Math.Log10(finite.Min()));
        int high = (int)Math.Ceiling(Math.Log10(finite.Max()));
        double[] steps = high - low > DecadesForOneTickEach ? [1] : [1, 2, 5];
        for (int decade = low; decade <= high; decade++)
            foreach (double step in steps)
            {
                double value = step * Math.Pow(10, decade);
                ticks.AddMajor(Math.Log10(value), Format(value));
            }
        return ticks;
    }

    /// <summary>One labelled tick at each distinct value: for the few sizes a matrix measures.</summary>
    public static NumericManual AtValues(IEnumerable<double> values, Func<double, string> format)
    {
        var ticks = new NumericManual();
        foreach (double value in values.Where(v => v > 0 && double.IsFinite(v)).Distinct().Order())
            ticks.AddMajor(Math.Log10(value), format(value));
        return ticks;
    }

    private static string Format(double value) => value >= 1 ? value.ToString("N0") : value.ToString("0.###");
}
