using Rcuvisor.Bench;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rcuvisor.Backends;
using Rcuvisor.Cli.Rendering;
using Rcuvisor.Cli.Run;
using Rcuvisor.Tables;
using Rcuvisor.Workloads;

namespace Rcuvisor.Cli.Commands;

/// <summary><c>rcuvisor run</c>: a VM whose vCPUs ring each other while it grows, shrinks and takes interrupts; then an audit.</summary>
public sealed class RunCommand : Command
{
    private const int MaxSeconds = 24 * 60 * 60;
    private const int MaxWork = 100_000_000;
    private const int MaxRings = 1_000_000_000;
    private static readonly string[] Guests = ["doorbell", "halt", "spin"];
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new TableStrategyJsonConverter(), new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly Option<string> _backend = new("--backend", "-b")
    {
        Description = "Where vCPUs run: sim (the managed simulated CPU), kvm (Linux KVM through /dev/kvm; refused, saying why, where it does not open), or auto (kvm where /dev/kvm opens, else sim).",
        DefaultValueFactory = _ => BackendChoice.Auto,
    };

    private readonly Option<string> _table = new("--table", "-t")
    {
        Description = "vCPU table strategy: cached-move (the 2017 proposal), rcu-array, radix, or fixed.",
        DefaultValueFactory = _ => VcpuTableStrategyNames.NameOf(RunDefaults.Table),
    };

    private readonly Option<int> _maxVcpus = new("--max-vcpus")
    {
        Description = $"Most vCPUs (and the id bound) of the VM, 1 to {VmOptions.Limit}, and at most the host's limit on kvm "
            + "(the default is lowered to it; `rcuvisor info` shows it); fixed allocates this many slots up front.",
        DefaultValueFactory = _ => RunDefaults.MaxVcpus,
    };

    private readonly Option<int> _vcpus = new("--vcpus", "-n")
    {
        Description = "vCPUs created before the start, ids 0..n-1.",
        DefaultValueFactory = _ => RunDefaults.Vcpus,
    };

    private readonly Option<int?> _hotplugTo = new("--hotplug-to")
    {
        Description = $"Plug vCPUs in one by one, right after the start, until there are this many (--vcpus to --max-vcpus; default {RunDefaults.HotplugTo}, within those bounds).",
    };

    private readonly Option<int?> _unplug = new("--unplug")
    {
        Description = "vCPUs to unplug half-way: odd ids first, then even ids from the top; vCPU 0 stays (default: half of --hotplug-to).",
    };

    private readonly Option<int> _irqLines = new("--irq-lines")
    {
        Description = $"Interrupt lines signalled from a foreign thread throughout, line i bound to vCPU i mod --vcpus (0 to {VmWorkloadOptions.MaxIrqLines}).",
        DefaultValueFactory = _ => RunDefaults.IrqLines,
    };

    private readonly Option<string> _guest = new("--guest", "-g")
    {
        Description = "Guest program: doorbell (work, then ring the next id up to --hotplug-to, forever), halt (sleep until an interrupt), or spin (run until kicked).",
        DefaultValueFactory = _ => "doorbell",
    };

    private readonly Option<int> _work = new("--work")
    {
        Description = $"Doorbell guest: work-loop iterations before each ring (0 to {MaxWork}). On KVM under kvm_pvm the guest's "
            + "kernel-mode code is emulated at about 1 M instructions/s, so each iteration costs ~1 µs (the default, ~1 ms per ring).",
        DefaultValueFactory = _ => RunDefaults.Work,
    };

    private readonly Option<int> _rings = new("--rings")
    {
        Description = $"Doorbell guest: rings per vCPU, after which it halts (woken by interrupts, it halts again); 0 rings forever (0 to {MaxRings}). "
            + "Every busy guest is a busy thread on the simulated CPU: with hundreds of vCPUs on a few cores, finite rings keep the run's plugs from waiting on the scheduler.",
        DefaultValueFactory = _ => 0,
    };

    private readonly Option<int> _seconds = new("--seconds", "-s")
    {
        Description = $"How long to run, in seconds (1 to {MaxSeconds}).",
        DefaultValueFactory = _ => RunDefaults.Seconds,
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print one JSON document (plan, figures, audit) instead of progress and tables.",
    };

    public RunCommand()
        : base("run", "Run a VM: vCPUs ring each other's doorbells through their own view of the vCPU table while "
            + "vCPUs are plugged in and unplugged and foreign threads signal interrupt lines; then pause, audit every "
            + "interrupt (sent = delivered + dropped + in flight, drops only at unplugged targets) and print a summary. "
            + "Watch it live from another shell: dotnet-counters monitor --counters Rcuvisor -p <its process id> "
            + "(the Rcuvisor meter: exits, interrupts, kicks, requests, growths, live vCPUs, hotplug latencies; docs/vm.md). "
            + "Exit code 0: the audit passed; 1: it failed; 2: bad arguments; 130: interrupted.")
    {
        OptionRules.AcceptOnly(_backend, BackendChoice.Names);
        OptionRules.AcceptOnly(_table, TableNames.All);
        OptionRules.AcceptOnly(_guest, Guests);
        OptionRules.RequireRange(_maxVcpus, 1, VmOptions.Limit);
        OptionRules.RequireRange(_vcpus, 1, VmOptions.Limit);
        OptionRules.RequireRange(_irqLines, 0, VmWorkloadOptions.MaxIrqLines);
        OptionRules.RequireRange(_work, 0, MaxWork);
        OptionRules.RequireRange(_rings, 0, MaxRings);
        OptionRules.RequireRange(_seconds, 1, MaxSeconds);
        OptionRules.RequireWholeNumber(_hotplugTo, "--vcpus to --max-vcpus");
        OptionRules.RequireWholeNumber(_unplug, "0 to --hotplug-to minus 1");
        foreach (var option in new Option[] { _backend, _table, _maxVcpus, _vcpus, _hotplugTo, _unplug, _irqLines, _guest, _work, _rings, _seconds, _json })
            Add(option);
        // The workload blocks its thread for the whole run; keep it off the caller's.
        SetAction((parseResult, cancellationToken) =>
            Task.Run(() => Execute(parseResult, cancellationToken), CancellationToken.None));
    }

    /// <summary>
    /// The options that bound each other, checked together after parsing (a command
    /// validator does not see defaults), so the message names both values.
    /// </summary>
    private string? CountsError(ParseResult parseResult, int max)
    {
        int vcpus = parseResult.GetRequiredValue(_vcpus);
        int hotplugTo = HotplugTo(parseResult, max), unplug = Unplug(parseResult, max);
        if (vcpus > max)
            return $"--vcpus {vcpus} is more than --max-vcpus {max}.";
        if (hotplugTo < vcpus || hotplugTo > max)
            return $"--hotplug-to {hotplugTo} is out of range: allowed --vcpus {vcpus} to --max-vcpus {max}.";
        if (unplug < 0 || unplug > hotplugTo - 1)
            return $"--unplug {unplug} is out of range: allowed 0 to {hotplugTo - 1} (vCPU 0 stays).";
        return null;
    }

    /// <summary>
    /// The host's limits, checked before the VM is made (VmOptions would throw the same from
    /// inside the run), so a too-large --max-vcpus is a bad argument naming both numbers.
    /// --max-vcpus is also the id bound, so it must fit the host's vCPU-id limit too.
    /// </summary>
    private static string? HostLimitError(int max, IHypervisor hypervisor)
    {
        if (max > hypervisor.MaxVcpus)
            return $"--max-vcpus {max} is more than this host's {hypervisor.Name} limit of {hypervisor.MaxVcpus} vCPUs per VM.";
        if (max > hypervisor.MaxVcpuIds)
            return $"--max-vcpus {max} is more than this host's {hypervisor.Name} limit of {hypervisor.MaxVcpuIds} vCPU ids (0 to {hypervisor.MaxVcpuIds - 1}).";
        return null;
    }

    private int Execute(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var configuration = parseResult.InvocationConfiguration;
        // Resolved first: the default --max-vcpus, and so the counts' bounds, depend on the host.
        // Disposed after the run: KVM's choice holds /dev/kvm open.
        using var backend = BackendChoice.Resolve(parseResult.GetRequiredValue(_backend));
        if (backend.Hypervisor is null)
        {
            configuration.Error.WriteLine(backend.Note);
            return ExitCodes.BadArguments;
        }
        int max = MaxVcpus(parseResult, backend.Hypervisor);
        if ((HostLimitError(max, backend.Hypervisor) ?? CountsError(parseResult, max)) is { } error)
        {
            configuration.Error.WriteLine(error);
            configuration.Error.WriteLine("Run 'rcuvisor run --help' for usage.");
            return ExitCodes.BadArguments;
        }
        var options = WorkloadOptions(parseResult, backend.Hypervisor, max);
        var result = parseResult.GetValue(_json)
            ? RunQuietly(options, configuration.Output, cancellationToken)
            : RunShown(options, backend.Note, configuration.Output, cancellationToken);
        if (!result.Passed)
            return ExitCodes.Failed;
        return result.Cancelled ? ExitCodes.Cancelled : ExitCodes.Success;
    }

    private static VmWorkloadResult RunShown(VmWorkloadOptions options, string backendNote, TextWriter output, CancellationToken cancellationToken)
    {
        var display = RunDisplay.For(output);
        display.ShowPlan(options, backendNote, GuestDescription.From(options.Vm.Guest).Describe());
        var result = display.Track(progress => VmWorkload.Run(options, progress, cancellationToken));
        display.ShowResult(result);
        return result;
    }

    private static VmWorkloadResult RunQuietly(VmWorkloadOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var result = VmWorkload.Run(options, progress: null, cancellationToken);
        output.WriteLine(JsonSerializer.Serialize(RunReport.From(options, result), Json));
        return result;
    }

    private VmWorkloadOptions WorkloadOptions(ParseResult parseResult, IHypervisor hypervisor, int max)
    {
        int vcpus = parseResult.GetRequiredValue(_vcpus);
        int hotplugTo = HotplugTo(parseResult, max);
        return new VmWorkloadOptions
        {
            Vm = new VmOptions
            {
                Hypervisor = hypervisor,
                Table = TableNames.Parse(parseResult.GetRequiredValue(_table)),
                MaxVcpus = max,
                MaxVcpuIds = max,
                Guest = Guest(parseResult.GetRequiredValue(_guest), parseResult.GetRequiredValue(_work), parseResult.GetRequiredValue(_rings), hotplugTo),
            },
            Vcpus = vcpus,
            HotplugTo = hotplugTo,
            Unplug = Unplug(parseResult, max),
            IrqLines = parseResult.GetRequiredValue(_irqLines),
            Duration = TimeSpan.FromSeconds(parseResult.GetRequiredValue(_seconds)),
        };
    }

    /// <summary>
    /// --max-vcpus as given; its default is lowered to the host's limits (a KVM host may take
    /// fewer than 1024), so a plain <c>run --backend kvm</c> runs anywhere KVM opens.
    /// </summary>
    private int MaxVcpus(ParseResult parseResult, IHypervisor hypervisor)
    {
        int max = parseResult.GetRequiredValue(_maxVcpus);
        bool given = parseResult.GetResult(_maxVcpus) is { Implicit: false };
        return given ? max : Math.Min(max, Math.Min(hypervisor.MaxVcpus, hypervisor.MaxVcpuIds));
    }

    private int HotplugTo(ParseResult parseResult, int max) =>
        parseResult.GetValue(_hotplugTo)
        ?? Math.Min(max, Math.Max(RunDefaults.HotplugTo, parseResult.GetRequiredValue(_vcpus)));

    private int Unplug(ParseResult parseResult, int max) => parseResult.GetValue(_unplug) ?? HotplugTo(parseResult, max) / 2;

    /// <summary>Doorbell guests ring every id the run will plug, in turn: an id not plugged yet is a guest error, an unplugged one a drop.</summary>
    private static GuestProgram Guest(string name, int work, int rings, int hotplugTo) => name switch
    {
        "halt" => GuestProgram.Halt(),
        "spin" => GuestProgram.Spin(),
        _ => GuestProgram.Doorbell(work, [.. Enumerable.Range(0, hotplugTo)], rings),
    };
}
