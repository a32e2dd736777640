using System.Collections.Concurrent;

namespace Rcuvisor.Tables.Tests;

/// <summary>What the stress readers saw: how many reads, and every invariant they found broken.</summary>
public sealed class StressReport
{
    private const int KeptViolations = 20;
    private readonly ConcurrentQueue<string> _violations = new();
    private long _violationCount;
    private long _reads;

    public long Reads => Interlocked.Read(ref _reads);

    public long ViolationCount => Interlocked.Read(ref _violationCount);

    public IReadOnlyCollection<string> Violations => _violations;

    public int Added { get; set; }

    public int Removed { get; set; }

    public void CountReads(long reads) => Interlocked.Add(ref _reads, reads);

    public void Violation(string what)
    {
        if (Interlocked.Increment(ref _violationCount) <= KeptViolations)
            _violations.Enqueue(what);
    }

    public override string ToString() =>
        $"{Reads} reads, {Added} adds, {Removed} removes, {ViolationCount} violations: {string.Join(" | ", _violations)}";
}
