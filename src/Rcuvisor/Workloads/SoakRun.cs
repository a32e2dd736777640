using System.Diagnostics;
using Rcuvisor.Backends;
using Rcuvisor.Execution;

namespace Rcuvisor.Workloads;

/// <summary>
/// The soak behind <c>rcuvisor soak</c>: a VM of doorbell guests ringing each other while a
/// seeded <see cref="SoakSchedule"/> plugs and unplugs vCPUs, pauses (auditing every
/// interrupt at each pause), resumes, and sets off interrupt storms from foreign threads,
/// until the time is up; then a final pause and audit. The first failed audit or exception
/// stops it, and the result names the step. Runs on the calling thread.
/// </summary>
public sealed class SoakRun
{
    private readonly SoakOptions _options;
    private readonly IProgress<SoakProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly Stopwatch _clock = new();
    private readonly Dictionary<SoakOperationKind, long> _operations = Enum.GetValues<SoakOperationKind>().ToDictionary(k => k, _ => 0L);
    private readonly IrqLine?[] _linesById;
    private readonly List<IrqLine> _lines = [];
    private readonly List<SoakStorm> _storms = [];
    private long _steps;
    private long _stormSignals;
    private int _auditsPassed;
    private TimeSpan _lastReport;

    private SoakRun(SoakOptions options, IProgress<SoakProgress>? progress, CancellationToken cancellation)
    {
        _options = options;
        _progress = progress;
        _cancellation = cancellation;
        _linesById = new IrqLine?[options.Vm.MaxVcpus];
    }

    /// <summary>Runs the soak. Ctrl+C (<paramref name="cancellation"/>) cuts it short; the final audit still runs.</summary>
    public static SoakResult Run(SoakOptions options, IProgress<SoakProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SoakRun(options, progress, cancellation).Run();
    }

    /// <summary>Every id the soak can plug, rung in turn: an id not plugged now is a guest error, an unplugged one a drop.</summary>
    public static GuestProgram Guest(SoakOptions options) =>
        GuestProgram.Doorbell(options.GuestWork, [.. Enumerable.Range(0, options.Vm.MaxVcpus)]);

    private SoakResult Run()
    {
        var vm = Vm.Create(_options.Vm with { Guest = Guest(_options) });
        var schedule = new SoakSchedule(_options.Seed, _options.Vm.MaxVcpus, _options.InitialVcpus);
        SoakFailure? failure = null;
        VmStatsSnapshot? final = null;
        _clock.Start();
        try
        {
            for (int id = 0; id < _options.InitialVcpus; id++)
                Plug(vm, id);
            vm.Start();
            failure = RunSchedule(vm, schedule);
            final = Finish(vm, ref failure);
        }
        catch (Exception ex) when (failure is null)
        {
            failure = new SoakFailure(null, Describe(ex));
        }
        finally
        {
            failure ??= DisposeQuietly(vm);
        }
        return new SoakResult
        {
            Seed = _options.Seed,
            Steps = _steps,
            Operations = _operations,
            AuditsPassed = _auditsPassed,
            StormSignals = _stormSignals,
            Stats = final ?? vm.ReadStats(),
            Elapsed = _clock.Elapsed,
            Failure = failure,
            Cancelled = _cancellation.IsCancellationRequested,
        };
    }

    private SoakFailure? RunSchedule(Vm vm, SoakSchedule schedule)
    {
        while (_clock.Elapsed < _options.Duration && !_cancellation.IsCancellationRequested)
        {
            var step = schedule.Next();
            _steps = step.Number;
            try
            {
                if (Execute(vm, step) is { } failed)
                    return new SoakFailure(step, failed);
            }
            catch (Exception ex)
            {
                return new SoakFailure(step, Describe(ex));
            }
            _operations[step.Kind]++;
            if (step.RunAfter > TimeSpan.Zero)
                _cancellation.WaitHandle.WaitOne(step.RunAfter);
            if (_clock.Elapsed - _lastReport >= _options.ProgressInterval)
                Report(vm);
        }
        return null;
    }

    /// <summary>Runs one step; returns what failed (an audit, a storm thread), or null.</summary>
    private string? Execute(Vm vm, SoakStep step)
    {
        switch (step.Kind)
        {
            case SoakOperationKind.Plug:
                Plug(vm, step.VcpuId);
                return null;
            case SoakOperationKind.Unplug:
                vm.DestroyVcpu(step.VcpuId);
                return null;
            case SoakOperationKind.Pause:
                return JoinStorms() ?? PauseAndAudit(vm);
            case SoakOperationKind.Resume:
                vm.Resume();
                return null;
            default:
                var storm = new SoakStorm(step, [.. _lines], _options.Seed);
                _storms.Add(storm);
                storm.Start();
                return null;
        }
    }

    private void Plug(Vm vm, int id)
    {
        vm.CreateVcpu(id);
        if (_linesById[id] is null)
        {
            // One line per id, made when the id is first plugged; it outlives unplugs (its signals then drop).
            var line = vm.CreateIrqLine(id);
            _linesById[id] = line;
            _lines.Add(line);
        }
    }

    /// <summary>No signal may move the books while they are checked: every storm ends first.</summary>
    private string? JoinStorms()
    {
        string? failed = null;
        foreach (var storm in _storms)
        {
            var error = storm.Join();
            _stormSignals += storm.Signals;
            if (error is not null && failed is null)
                failed = $"an interrupt-storm thread of {storm.Step} failed: {Describe(error)}";
        }
        _storms.Clear();
        return failed;
    }

    private string? PauseAndAudit(Vm vm)
    {
        vm.Pause();
        var audit = vm.Audit();
        if (!audit.Passed)
            return $"audit failed: {string.Join("; ", audit.Violations)}";
        _auditsPassed++;
        return null;
    }

    /// <summary>The final pause and audit; returns the stats they saw.</summary>
    private VmStatsSnapshot? Finish(Vm vm, ref SoakFailure? failure)
    {
        string? failed = JoinStorms();
        if (failure is not null)
            return null;
        if (failed is not null)
        {
            failure = new SoakFailure(null, failed);
            return null;
        }
        if (vm.State == VmState.Running)
            vm.Pause();
        var audit = vm.Audit();
        if (audit.Passed)
            _auditsPassed++;
        else
            failure = new SoakFailure(null, $"final audit failed: {string.Join("; ", audit.Violations)}");
        Report(vm);
        return audit.Stats;
    }

    private SoakFailure? DisposeQuietly(Vm vm)
    {
        try
        {
            JoinStorms();
            vm.Dispose();
            return null;
        }
        catch (Exception ex)
        {
            return new SoakFailure(null, $"Dispose failed: {Describe(ex)}");
        }
    }

    private void Report(Vm vm)
    {
        _lastReport = _clock.Elapsed;
        _progress?.Report(new SoakProgress(_lastReport, _options.Duration, _steps, _auditsPassed, vm.ReadStats()));
    }

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";
}
