namespace Rcuvisor.Bench;

/// <summary>What a finished run wrote, and where.</summary>
internal sealed record BenchOutcome(BenchResults Results, string ReportPath, string ResultsPath, IReadOnlyList<string> Verdict);
