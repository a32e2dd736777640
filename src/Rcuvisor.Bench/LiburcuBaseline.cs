using System.Globalization;

namespace Rcuvisor.Bench;

/// <summary>
/// Builds bench/baselines/liburcu/rcu_bench.c (embedded in this assembly) with cc into a
/// temporary directory, once per flavour, runs it with this run's repeats and run time,
/// and turns its lines into cells named as ours are, so the report can divide one by the
/// other. Skips, with the reason, when cc or liburcu is missing or the build fails.
/// </summary>
internal static class LiburcuBaseline
{
    public const string Section = "liburcu";
    public const string Memb = "liburcu-memb";
    public const string Qsbr = "liburcu-qsbr";
    private const string SourceResource = "rcu_bench.c";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    // Flavour, its define and its library, as in bench/baselines/liburcu/Makefile.
    private static readonly (string Subject, string[] Defines, string Library)[] Flavours =
    [
        (Memb, [], "-lurcu-memb"),
        (Qsbr, ["-DRCU_BENCH_QSBR"], "-lurcu-qsbr"),
    ];

    /// <summary>The empty-loop subject of a flavour's binary.</summary>
    public static string EmptyLoopOf(string flavour) => $"{flavour} empty loop";

    public static LiburcuOutcome Run(BenchMatrix matrix, CancellationToken cancellationToken)
    {
        string? cc = ExternalCommand.FindOnPath("cc");
        if (cc is null)
            return LiburcuOutcome.Skipped("no C compiler: `cc` is not on PATH");
        if (!LibraryInstalled(cancellationToken))
            return LiburcuOutcome.Skipped("liburcu is not installed (no pkg-config liburcu-memb, no urcu/urcu-memb.h); `apt-get install liburcu-dev` adds it");
        var directory = Directory.CreateTempSubdirectory("rcuvisor-liburcu-");
        try
        {
            string source = Path.Combine(directory.FullName, SourceResource);
            WriteSource(source);
            var cells = new List<CellResult>();
            var commands = new List<string>();
            foreach (var (subject, defines, library) in Flavours)
            {
                string binary = Path.Combine(directory.FullName, $"rcu_bench_{subject}");
                string[] arguments = ["-O2", .. defines, "-o", binary, source, library, "-lpthread"];
                commands.Add($"cc {string.Join(' ', arguments.Select(a => a.Replace(directory.FullName, "$TMP", StringComparison.Ordinal)))}");
                var build = ExternalCommand.Run(cc, arguments, BuildTimeout, cancellationToken);
                if (!build.Succeeded)
                    return LiburcuOutcome.Skipped($"building the {subject} baseline failed: {FirstLine(build.Error)}");
                var run = ExternalCommand.Run(binary, Arguments(matrix), RunTimeout, cancellationToken);
                if (!run.Succeeded || !run.Output.Contains("done=1", StringComparison.Ordinal))
                    return LiburcuOutcome.Skipped($"the {subject} baseline failed (exit {run.ExitCode}): {FirstLine(run.Error)}");
                cells.AddRange(LiburcuOutput.Parse(run.Output, subject));
            }
            return new LiburcuOutcome(cells, null, commands);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static bool LibraryInstalled(CancellationToken cancellationToken)
    {
        string? pkgConfig = ExternalCommand.FindOnPath("pkg-config");
        if (pkgConfig is not null
            && ExternalCommand.Run(pkgConfig, ["--exists", "liburcu-memb", "liburcu-qsbr"], BuildTimeout, cancellationToken).Succeeded)
            return true;
        // Without pkg-config: the header, in /usr/include or a multiarch directory beside it (Debian's place).
        string[] roots = ["/usr/include", "/usr/local/include"];
        return roots.Where(Directory.Exists)
            .SelectMany(root => Directory.GetDirectories(root).Prepend(root))
            .Any(dir => File.Exists(Path.Combine(dir, "urcu", "urcu-memb.h")));
    }

    private static void WriteSource(string path)
    {
        using var resource = typeof(LiburcuBaseline).Assembly.GetManifestResourceStream(SourceResource)
            ?? throw new InvalidOperationException($"The embedded {SourceResource} is missing from the build.");
        using var file = File.Create(path);
        resource.CopyTo(file);
    }

    /// <summary>rcu_bench's usage: repeats, run_ms, idle readers, busy readers, readers beside the updater.</summary>
    private static string[] Arguments(BenchMatrix matrix) =>
    [
        matrix.Repeats.ToString(CultureInfo.InvariantCulture), RunMilliseconds(matrix), matrix.IdleReaders.ToString(CultureInfo.InvariantCulture),
        matrix.BusyReaders.ToString(CultureInfo.InvariantCulture), matrix.UpdaterReaders.ToString(CultureInfo.InvariantCulture),
    ];

    private static string RunMilliseconds(BenchMatrix matrix) =>
        Math.Max(1, (int)matrix.RunTime.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no message)";
}
