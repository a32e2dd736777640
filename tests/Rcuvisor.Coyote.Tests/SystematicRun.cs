using System.Text.RegularExpressions;
using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;

namespace Rcuvisor.Coyote.Tests;

/// <summary>
/// Runs a test body many times under Coyote's systematic scheduler. The body runs in the
/// rewritten assemblies, so every <c>lock</c>, <c>Monitor</c>, <c>Interlocked</c>,
/// <c>Volatile</c>, <c>SpinWait</c> and <c>Thread</c> operation is a point where Coyote picks
/// which thread goes next; a fixed seed makes a found schedule reproducible on the same build.
/// </summary>
internal static partial class SystematicRun
{
    /// <summary>The seed every exploration starts from, so a failure reproduces with the same build.</summary>
    public const uint Seed = 20170817;

    // How long every controlled thread may sit in a wait Coyote cannot see through before it
    // reports a potential deadlock. Its default (1 s) is also what every iteration waits at its
    // end here, so it bounds the iterations a test can afford. The tests warm the JIT up first,
    // so a first-call compile on a loaded host does not look like a hang, and xunit.runner.json
    // runs one exploration at a time: a second engine's threads are uncontrolled to the first.
    private const uint DeadlockTimeoutMs = 300;

    // A potential deadlock is a wall-clock verdict: under stress-ng --cpu 2 (issue 13's stressed
    // runs) 300 ms once passed while every controlled thread waited on an uncontrolled one the
    // load kept off the CPU. Such a report is confirmed by exploring again, same seed, with this
    // timeout; a real hang is found again, a slow host is not. (A 3 s timeout throughout made
    // the 8 tests take 4 minutes: some iterations idle for it at their end.)
    private const uint ConfirmDeadlockTimeoutMs = 3000;

    /// <summary>Iterations from the environment (COYOTE_ITERATIONS) when set, to hunt longer by hand.</summary>
    public static uint Iterations(uint fallback) =>
        uint.TryParse(Environment.GetEnvironmentVariable("COYOTE_ITERATIONS"), out uint n) && n > 0 ? n : fallback;

    public static SystematicOutcome Explore(string name, Action body, uint iterations, uint maxSteps = 20_000)
    {
        WarmUp.Value.GetAwaiter().GetResult();
        var outcome = ExploreOnce(name, body, iterations, maxSteps, DeadlockTimeoutMs);
        if (outcome.FirstBug?.StartsWith("Potential deadlock", StringComparison.Ordinal) == true)
        {
            TestContext.Current.SendDiagnosticMessage($"{name}: a potential deadlock at {DeadlockTimeoutMs} ms; exploring again with {ConfirmDeadlockTimeoutMs} ms to confirm it");
            outcome = ExploreOnce(name, body, iterations, maxSteps, ConfirmDeadlockTimeoutMs);
        }
        return outcome;
    }

    private static SystematicOutcome ExploreOnce(string name, Action body, uint iterations, uint maxSteps, uint deadlockTimeoutMs)
    {
        var configuration = Configuration.Create()
            .WithTestingIterations(iterations)
            .WithRandomGeneratorSeed(Seed)
            .WithMaxSchedulingSteps(maxSteps)
            .WithFailureOnMaxStepsBoundEnabled(true) // a vCPU or control thread spinning forever on one that never answers: a hang
            .WithPotentialDeadlocksReportedAsBugs(true)
            .WithPartiallyControlledConcurrencyAllowed(true) // BlockGate's SpinWait and a few BCL calls are only partly modelled
            .WithTelemetryEnabled(false)
            .WithDeadlockTimeout(deadlockTimeoutMs);
        configuration = Environment.GetEnvironmentVariable("COYOTE_STRATEGY") switch
        {
            "random" => configuration.WithRandomStrategy(),
            "probabilistic" => configuration.WithProbabilisticStrategy(),
            "fair-pct" => configuration.WithPrioritizationStrategy(isFair: true),
            "pct" => configuration.WithPrioritizationStrategy(isFair: false),
            _ => configuration.WithRandomStrategy(), // found both defects within a few iterations (docs/coyote.md)
        };
        using var engine = TestingEngine.Create(configuration, body);
        var log = new StringWriter();
        engine.SetLogger(new TextWriterLogger(log, VerbosityLevel.Info));
        engine.Run();
        var report = engine.TestReport;
        int? firstIteration = null;
        string? tracePath = null;
        if (report.NumOfFoundBugs > 0)
        {
            var found = FoundBugLine().Match(log.ToString());
            if (found.Success)
                firstIteration = int.Parse(found.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            tracePath = WriteTrace(name, engine.ReadableTrace);
        }
        var outcome = new SystematicOutcome(
            name, iterations, report.NumOfFoundBugs, firstIteration, report.BugReports.FirstOrDefault(), tracePath,
            Math.Max(report.MaxExploredFairSteps, report.MaxExploredUnfairSteps));
        TestContext.Current.SendDiagnosticMessage(outcome.ToString());
        foreach (string call in report.UncontrolledInvocations.Take(8))
            TestContext.Current.SendDiagnosticMessage($"  uncontrolled call: {call}"); // what Coyote could not schedule
        return outcome;
    }

    // Every control path once, outside Coyote, before the first exploration: compiled code
    // in the first iteration, not a JIT stall the deadlock monitor could take for a hang.
    private static readonly Lazy<Task> WarmUp = new(() =>
    {
        using var vm = Vm.Create(new VmOptions { MaxVcpus = 4, MaxVcpuIds = 4, SpareVcpuThreads = 0, Guest = Backends.GuestProgram.Doorbell(0, [1, 0], rings: 4) });
        vm.CreateVcpu(0);
        vm.CreateVcpu(1);
        vm.Start();
        vm.CreateVcpu(2);
        vm.Pause();
        _ = vm.Audit();
        vm.Resume();
        vm.DestroyVcpu(2);
        _ = vm.ReadStats();
        _ = vm.Vcpus;
        _ = vm.State;
        return Task.CompletedTask;
    });

    /// <summary>The readable trace of the first bug, beside the test binaries (coyote-traces/).</summary>
    private static string WriteTrace(string name, string trace)
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "coyote-traces");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '-')) + ".txt");
        File.WriteAllText(path, trace);
        return path;
    }

    [GeneratedRegex(@"Iteration #(\d+) found bug")]
    private static partial Regex FoundBugLine();
}
