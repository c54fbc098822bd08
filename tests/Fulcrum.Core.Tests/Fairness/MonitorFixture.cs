using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>A distribution monitor tracking one cluster "web" on a fake clock, with helpers to feed it traffic.</summary>
internal sealed class MonitorFixture
{
    public MonitorFixture(PolicyKind policy, IReadOnlyList<(string Name, int Weight, double? Capacity)> destinations, FairnessConfig? config = null)
    {
        Monitor = new DistributionMonitor(config ?? FairnessConfig.Default, Time);
        Balancer = NewBalancer(policy, destinations);
        Recorder = Monitor.Track(Balancer);
    }

    public MonitorFixture(params int[] weights)
        : this(PolicyKind.RoundRobin, weights.Select((w, i) => (((char)('a' + i)).ToString(), w, (double?)null)).ToArray())
    {
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public DistributionMonitor Monitor { get; }

    public ClusterBalancer Balancer { get; private set; }

    public ClusterRecorder Recorder { get; }

    public Backend this[string name] => Balancer.Find(name) ?? throw new ArgumentException(name);

    public ClusterBalancer NewBalancer(PolicyKind policy, IReadOnlyList<(string Name, int Weight, double? Capacity)> destinations)
    {
        var config = new ClusterConfig
        {
            Name = "web",
            Policy = policy,
            Destinations = destinations
                .Select((d, i) => new DestinationConfig(d.Name, new Uri($"http://127.0.0.1:{9001 + i}"), d.Weight, d.Capacity))
                .ToArray(),
        };
        Balancer = new ClusterBalancer(config, Time, previous: Balancer?.Backends);
        return Balancer;
    }

    public void Send(string destination, int count, int status = 200, double latencyMs = 20, bool transportFailure = false)
    {
        var backend = this[destination];
        for (var i = 0; i < count; i++)
        {
            Recorder.Record(backend, status, transportFailure, TimeSpan.FromMilliseconds(latencyMs));
        }
    }

    /// <summary>Sends the counts interleaved over <paramref name="seconds"/> of fake time, sampling every 250 ms.</summary>
    public void SendOver(int seconds, params (string Destination, int Count)[] counts)
    {
        var steps = seconds * 4;
        for (var step = 0; step < steps; step++)
        {
            foreach (var (destination, count) in counts)
            {
                var share = count * (step + 1) / steps - count * step / steps;
                Send(destination, share);
            }
            Recorder.Sample();
            Time.Advance(TimeSpan.FromMilliseconds(250));
        }
    }

    public ClusterSnapshot Snapshot() => Recorder.Snapshot();
}
