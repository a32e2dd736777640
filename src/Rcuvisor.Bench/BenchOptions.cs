namespace Rcuvisor.Bench;

/// <summary>One bench run as the command line asked for it.</summary>
internal sealed record BenchOptions(BenchMatrix Matrix, string OutputDirectory, BenchBackend Backend);
