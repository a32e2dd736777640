using System.Globalization;

namespace Rcuvisor.Bench;

/// <summary>How the report prints numbers: enough digits to compare, no more.</summary>
internal static class Figures
{
    public const string Missing = "–";

    public static string Nanoseconds(double ns) => ns switch
    {
        < 10 => ns.ToString("0.00", CultureInfo.InvariantCulture),
        < 1000 => ns.ToString("0.0", CultureInfo.InvariantCulture),
        _ => ns.ToString("N0", CultureInfo.InvariantCulture),
    };

    /// <summary>Median, then the range of the repeats: "1.05 (0.98–1.20)".</summary>
    public static string WithRange(CellResult? cell, Func<double, string> format) =>
        cell is null ? Missing : $"{format(cell.Median)} ({format(cell.Min)}–{format(cell.Max)})";

    public static string Ratio(double? ratio) => ratio switch
    {
        null => Missing,
        < 10 => $"{ratio.Value.ToString("0.00", CultureInfo.InvariantCulture)}x",
        < 1000 => $"{ratio.Value.ToString("0.0", CultureInfo.InvariantCulture)}x",
        _ => $"{ratio.Value.ToString("N0", CultureInfo.InvariantCulture)}x",
    };

    /// <summary>A rate already scaled to its unit (millions, thousands): three significant figures or so.</summary>
    public static string Rate(double value) => value.ToString(value < 10 ? "0.00" : value < 100 ? "0.0" : "N0", CultureInfo.InvariantCulture);

    public static string Bytes(double bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Bytes with a binary unit, for the large fleet totals.</summary>
    public static string BinaryBytes(double bytes) => bytes switch
    {
        >= 1 << 30 => $"{(bytes / (1 << 30)).ToString("0.0", CultureInfo.InvariantCulture)} GiB",
        >= 1 << 20 => $"{(bytes / (1 << 20)).ToString("0.0", CultureInfo.InvariantCulture)} MiB",
        >= 1 << 10 => $"{(bytes / (1 << 10)).ToString("0.0", CultureInfo.InvariantCulture)} KiB",
        _ => $"{Bytes(bytes)} B",
    };

    public static string Microseconds(double ns) => (ns / 1000).ToString(ns < 10_000 ? "0.00" : "N1", CultureInfo.InvariantCulture);

    public static string Power(int value) => $"2^{Math.Log2(value).ToString("0", CultureInfo.InvariantCulture)}";
}
