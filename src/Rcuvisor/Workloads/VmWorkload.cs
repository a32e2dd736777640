using System.Diagnostics;

namespace Rcuvisor.Workloads;

/// <summary>
/// The end-to-end run behind <c>rcuvisor run</c>: a VM whose vCPUs ring each other while
/// it grows and shrinks and foreign threads signal interrupt lines; then a pause and an
/// audit of every interrupt. Runs on the calling thread and reports progress on it.
/// </summary>
public sealed class VmWorkload
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly VmWorkloadOptions _options;
    private readonly IProgress<VmWorkloadProgress>? _progress;
    private readonly CancellationToken _cancellation;
    private readonly Stopwatch _clock = new();
    private TimeSpan _lastReport;
    private TimeSpan _plugging;

    private VmWorkload(VmWorkloadOptions options, IProgress<VmWorkloadProgress>? progress, CancellationToken cancellation)
    {
        _options = options;
        _progress = progress;
        _cancellation = cancellation;
    }

    /// <summary>
    /// Runs the workload. Ctrl+C (<paramref name="cancellation"/>) cuts it short; the VM is
    /// still paused and audited, and the result says it was cancelled.
    /// </summary>
    public static VmWorkloadResult Run(VmWorkloadOptions options, IProgress<VmWorkloadProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new VmWorkload(options, progress, cancellation).Run();
    }

    /// <summary>The ids <see cref="VmWorkloadOptions.Unplug"/> removes, in order: odd ids lowest first, then even ids from the top; never 0.</summary>
    public static IEnumerable<int> UnplugOrder(int vcpus) =>
        Enumerable.Range(0, vcpus).Where(id => id % 2 == 1)
            .Concat(Enumerable.Range(1, Math.Max(0, vcpus - 1)).Reverse().Where(id => id % 2 == 0));

    private VmWorkloadResult Run()
    {
        using var vm = Vm.Create(_options.Vm);
        _clock.Start();
        for (int id = 0; id < _options.Vcpus; id++)
            vm.CreateVcpu(id);
        vm.Start();
        var lines = Enumerable.Range(0, _options.IrqLines).Select(i => vm.CreateIrqLine(i % _options.Vcpus)).ToArray();
        using var load = new IrqLoad(lines, _options.IrqThreads);

        var pluggingStart = _clock.Elapsed;
        for (int id = _options.Vcpus; id < _options.HotplugTo && !_cancellation.IsCancellationRequested; id++)
        {
            vm.CreateVcpu(id);
            ReportIfDue(vm, VmWorkloadPhase.Plugging);
        }
        _plugging = _clock.Elapsed - pluggingStart;
        RunUntil(vm, _options.Duration / 2);
        foreach (int id in UnplugOrder(_options.HotplugTo).Take(_options.Unplug))
        {
            if (_cancellation.IsCancellationRequested)
                break;
            vm.DestroyVcpu(id);
            ReportIfDue(vm, VmWorkloadPhase.Unplugging);
        }
        RunUntil(vm, _options.Duration);
        return Finish(vm, load);
    }

    private VmWorkloadResult Finish(Vm vm, IrqLoad load)
    {
        bool stopped = load.Stop(StopTimeout); // no signal moves the books while they are checked
        vm.Pause();
        var elapsed = _clock.Elapsed;
        Report(vm, VmWorkloadPhase.Auditing);
        var audit = vm.Audit();
        var violations = audit.Violations.Concat(load.Failures.Select(e => $"an interrupt-line thread failed: {e.GetType().Name}: {e.Message}")).ToList();
        if (!stopped)
            violations.Add($"an interrupt-line thread did not stop within {StopTimeout}");
        return new VmWorkloadResult
        {
            Backend = vm.BackendName,
            Elapsed = elapsed,
            Plugging = _plugging,
            Audit = audit,
            Violations = violations,
            Cancelled = _cancellation.IsCancellationRequested,
        };
    }

    private void RunUntil(Vm vm, TimeSpan until)
    {
        while (!_cancellation.IsCancellationRequested)
        {
            var left = until - _clock.Elapsed;
            if (left <= TimeSpan.Zero)
                return;
            _cancellation.WaitHandle.WaitOne(left < _options.ProgressInterval ? left : _options.ProgressInterval);
            ReportIfDue(vm, VmWorkloadPhase.Running);
        }
    }

    private void ReportIfDue(Vm vm, VmWorkloadPhase phase)
    {
        if (_clock.Elapsed - _lastReport >= _options.ProgressInterval)
            Report(vm, phase);
    }

    private void Report(Vm vm, VmWorkloadPhase phase)
    {
        _lastReport = _clock.Elapsed;
        _progress?.Report(new VmWorkloadProgress(phase, _lastReport, _options.Duration, vm.ReadStats()));
    }
}
