using System.Diagnostics.Metrics;
using Rcuvisor.Backends;
using Rcuvisor.Backends.Simulated;
using Rcuvisor.Tables;
using Rcuvisor.Telemetry;

namespace Rcuvisor.VmTests;

/// <summary>The Rcuvisor meter, observed as dotnet-counters or OpenTelemetry would: through a <see cref="MeterListener"/>.</summary>
public sealed class VmMeterTests
{
    [Fact]
    public void The_meter_publishes_what_ReadStats_says_and_times_every_plug_growth_and_unplug()
    {
        const int plugTo = 9;
        using var recorded = new RecordedMeasurements();
        var vm = Vm.Create(new VmOptions
        {
            Hypervisor = new SimulatedHypervisor(),
            Table = VcpuTableStrategy.CachedMove,
            MaxVcpus = 16,
            MaxVcpuIds = 16,
            // One target past the ids plugged, so the guest errors by kind have something to show.
            Guest = GuestProgram.Doorbell(workIterations: 200, targets: [.. Enumerable.Range(0, plugTo + 1)]),
        });
        try
        {
            vm.CreateVcpu(0); // before the start: a creation, timed, but no growth to time
            vm.Start();
            for (int id = 1; id < plugTo; id++)
                vm.CreateVcpu(id); // capacity 1 -> 2 -> 4 -> 8 -> 16 while vCPUs run: four timed growths
            Eventually.True(() => vm.ReadStats().InterruptsDelivered > 100, () => "the guests are ringing each other");
            vm.DestroyVcpu(1);
            vm.Pause(); // the counters stand still from here

            var stats = vm.ReadStats();
            recorded.Clear();
            recorded.Listener.RecordObservableInstruments();
            Assert.Equal(stats, vm.ReadStats()); // nothing moved while the listener read

            var mine = recorded.Of(vm.Id);
            Assert.All(mine, m => Assert.Equal("cached-move", m.Tags["table"]));
            Assert.All(mine, m => Assert.Equal("sim", m.Tags["backend"]));
            long Counter(string name, string? kindTag = null, string? kind = null) =>
                Assert.Single(mine, m => m.Instrument == name && (kindTag is null || Equals(m.Tags[kindTag], kind))).Value;

            Assert.Equal(stats.Vcpus.ExitsIo, Counter(VmMeter.Exits, "exit.kind", "io"));
            Assert.Equal(stats.Vcpus.ExitsHalt, Counter(VmMeter.Exits, "exit.kind", "halt"));
            Assert.Equal(stats.Vcpus.ExitsInterrupted, Counter(VmMeter.Exits, "exit.kind", "interrupted"));
            Assert.Equal(stats.Vcpus.ExitsMmio, Counter(VmMeter.Exits, "exit.kind", "mmio"));
            Assert.Equal(stats.Vcpus.Exits, mine.Where(m => m.Instrument == VmMeter.Exits).Sum(m => (long)m.Value));
            Assert.Equal(stats.InterruptsSent, Counter(VmMeter.InterruptsSent));
            Assert.Equal(stats.InterruptsDelivered, Counter(VmMeter.InterruptsDelivered));
            Assert.Equal(stats.InterruptsDropped, Counter(VmMeter.InterruptsDropped));
            Assert.Equal(stats.InterruptsInFlight, Counter(VmMeter.InterruptsInFlight));
            Assert.Equal(stats.Vcpus.Kicks, Counter(VmMeter.Kicks));
            Assert.Equal(stats.Vcpus.RequestsRaised, Counter(VmMeter.RequestsRaised));
            Assert.Equal(stats.Vcpus.RequestsAcknowledged, Counter(VmMeter.RequestsAcknowledged));
            Assert.Equal(stats.TableGrowths, Counter(VmMeter.TableGrowths));
            Assert.Equal(stats.TableShrinks, Counter(VmMeter.TableShrinks));
            Assert.Equal(stats.Vcpus.GuestErrorsAbsentTarget, Counter(VmMeter.GuestErrors, "error.kind", "absent-target"));
            Assert.Equal(stats.Vcpus.GuestErrorsUnknownPort, Counter(VmMeter.GuestErrors, "error.kind", "unknown-port"));
            Assert.Equal(plugTo - 1, Counter(VmMeter.VcpusLive));
            Assert.True(stats.InterruptsDelivered > 0 && stats.Vcpus.Kicks > 0 && stats.Vcpus.GuestErrorsAbsentTarget > 0,
                "the run gave the counters something to count");

            // The histograms were recorded as each operation finished, the same durations the VM's summaries hold.
            var all = recorded.Of(vm.Id);
            double[] Durations(string name) => [.. all.Where(m => m.Instrument == name).Select(m => m.Duration)];
            var creates = Durations(VmMeter.VcpuPlugDuration);
            var growths = Durations(VmMeter.TableGrowthDuration);
            var destroys = Durations(VmMeter.VcpuUnplugDuration);
            Assert.Equal(plugTo, creates.Length);
            Assert.Equal(4, growths.Length);
            Assert.Single(destroys);
            Assert.Equal(stats.PlugLatency.Count, creates.Length);
            Assert.Equal(stats.GrowthLatency.Count, growths.Length);
            Assert.Equal(stats.PlugLatency.MaxMs, creates.Max());
            Assert.Equal(stats.GrowthLatency.MaxMs, growths.Max());
            Assert.Equal(stats.UnplugLatency.MaxMs, destroys[0]);
            Assert.Equal(stats.TableGrowths, growths.Length); // every growth came after the start here
        }
        finally
        {
            vm.Dispose();
        }

        recorded.Clear();
        recorded.Listener.RecordObservableInstruments();
        Assert.DoesNotContain(recorded.Of(vm.Id), m => m.Duration is double.NaN); // unregistered: the meter no longer reads a disposed VM
    }

    /// <summary>One measurement the listener saw: a counter's value or a histogram's duration, with its tags.</summary>
    private sealed record Seen(string Instrument, long Value, double Duration, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>A listener on the Rcuvisor meter that keeps every measurement; other tests' VMs are told apart by vm.id.</summary>
    private sealed class RecordedMeasurements : IDisposable
    {
        private readonly List<Seen> _seen = [];

        public RecordedMeasurements()
        {
            Listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == VmMeter.Name)
                    listener.EnableMeasurementEvents(instrument);
            };
            Listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(new(instrument.Name, value, double.NaN, ToDictionary(tags))));
            Listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(new(instrument.Name, 0, value, ToDictionary(tags))));
            Listener.Start();
        }

        public MeterListener Listener { get; } = new();

        public List<Seen> Of(long vmId)
        {
            lock (_seen)
                return [.. _seen.Where(s => Equals(s.Tags.GetValueOrDefault("vm.id"), vmId))];
        }

        public void Clear()
        {
            lock (_seen)
                _seen.RemoveAll(s => s.Duration is double.NaN); // keep the histograms: they were recorded once, when each operation ran
        }

        public void Dispose() => Listener.Dispose();

        private void Add(Seen seen)
        {
            lock (_seen)
                _seen.Add(seen);
        }

        private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dictionary = new Dictionary<string, object?>();
            foreach (var (key, value) in tags)
                dictionary[key] = value;
            return dictionary;
        }
    }
}
