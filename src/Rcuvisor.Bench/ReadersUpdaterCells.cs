using Rcuvisor.Rcu;

namespace Rcuvisor.Bench;

/// <summary>
/// The readers-and-updater cells (liburcu's test_urcu shape) for RcuDomain and QsbrDomain:
/// one warm-up run each, then the matrix's repeats, the two domains alternating run by run;
/// reads/s and updates/s, each a cell, beside rcu_bench.c's memb and qsbr runs.
/// </summary>
internal static class ReadersUpdaterCells
{
    public const string ReadsUnit = "reads/s";
    public const string UpdatesUnit = "updates/s";

    public static string Reads(int readers) => $"reads/s, {readers} readers + 1 updater";

    public static string Updates(int readers) => $"updates/s, {readers} readers + 1 updater";

    /// <summary>Progress steps <see cref="Measure"/> reports: one per round.</summary>
    public static int Steps(BenchMatrix matrix) => matrix.Repeats;

    public static IReadOnlyList<CellResult> Measure(BenchMatrix matrix, IBenchProgress progress, CancellationToken cancellationToken)
    {
        int readers = matrix.UpdaterReaders;
        using var rcu = new RcuDomain(new GracePeriodOptions { Name = "bench-urcu-rcu" });
        using var qsbr = new QsbrDomain(new GracePeriodOptions { Name = "bench-urcu-qsbr" });
        GracePeriodDomain[] domains = [rcu, qsbr];
        foreach (var domain in domains)
            ReadersUpdaterRun.Measure(domain, readers, matrix.RunTime); // warm-up: the loops reach their optimized code
        var runs = domains.Select(_ => new List<(double Reads, double Updates)>()).ToArray();
        for (int round = 0; round < matrix.Repeats; round++)
        {
            for (int i = 0; i < domains.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                runs[i].Add(ReadersUpdaterRun.Measure(domains[i], readers, matrix.RunTime));
            }
            progress.Advance($"readers and an updater, run {round + 1}/{matrix.Repeats}");
        }
        return [.. domains.SelectMany((domain, i) => new[]
        {
            new CellResult(GracePeriodFixture.Section, Reads(readers), domain.GetType().Name, null, ReadsUnit, [.. runs[i].Select(r => r.Reads)]),
            new CellResult(GracePeriodFixture.Section, Updates(readers), domain.GetType().Name, null, UpdatesUnit, [.. runs[i].Select(r => r.Updates)]),
        })];
    }
}
