using Rcuvisor.Workloads;

namespace Rcuvisor.Cli.Soak;

/// <summary>What <c>rcuvisor soak --json</c> prints: the seed, and one entry per table soaked.</summary>
internal sealed record SoakReport(int Seed, double Seconds, int MaxVcpus, bool Passed, bool Cancelled, IReadOnlyList<SoakTableReport> Tables);
