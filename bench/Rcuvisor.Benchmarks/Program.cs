using BenchmarkDotNet.Running;
using Rcuvisor.Tables;

namespace Rcuvisor.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>footprint</c> prints the vCPU table memory table (docs/benchmarks.md); anything
    /// else goes to BenchmarkDotNet's switcher.
    /// </summary>
    public static void Main(string[] args)
    {
        if (args is ["footprint"])
            PrintFootprints();
        else
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static void PrintFootprints()
    {
        int[] members = [1, 64, 4096];
        int[] maxima = [1 << 10, 1 << 16, 1 << 20];
        Console.WriteLine("| strategy | maximum | 1 vCPU | 64 vCPUs | 4096 vCPUs |");
        Console.WriteLine("|---|---|---:|---:|---:|");
        foreach (var strategy in Enum.GetValues<VcpuTableStrategy>())
            foreach (int maximum in maxima)
            {
                var cells = members.Select(n => n > maximum ? "n/a" : TableFootprint.Measure(strategy, n, maximum).ToString("N0"));
                Console.WriteLine($"| {strategy} | 2^{Math.Log2(maximum)} | {string.Join(" | ", cells)} |");
            }
    }
}
