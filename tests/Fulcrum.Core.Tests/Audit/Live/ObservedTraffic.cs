using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Audit.Live;

/// <summary>
/// A serving config's clusters tracked by a real distribution monitor on a fake clock, fed recorded requests
/// (destination, latency) the way the proxy records them, sampled every 250 ms.
/// </summary>
internal sealed class ObservedTraffic
{
    public ObservedTraffic(FulcrumConfig config)
    {
        Config = config;
        Monitor = new DistributionMonitor(config.Fairness, Time);
        foreach (var cluster in config.Clusters)
        {
            var balancer = new ClusterBalancer(cluster, Time);
            _balancers[cluster.Name] = balancer;
            Monitor.Track(balancer);
        }
    }

    private readonly Dictionary<string, ClusterBalancer> _balancers = new(StringComparer.Ordinal);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public FulcrumConfig Config { get; }

    public DistributionMonitor Monitor { get; }

    /// <summary>Records, over <paramref name="seconds"/> of fake time, each destination's requests per second at its latency.</summary>
    public void Serve(string cluster, int seconds, params (string Destination, int PerSecond, double LatencyMs)[] traffic)
    {
        var balancer = _balancers[cluster];
        for (var step = 0; step < seconds * 4; step++)
        {
            foreach (var (destination, perSecond, latencyMs) in traffic)
            {
                var backend = balancer.Find(destination) ?? throw new ArgumentException(destination);
                var count = perSecond * (step + 1) / 4 - perSecond * step / 4;
                for (var i = 0; i < count; i++)
                {
                    Monitor.Record(cluster, backend, 200, false, TimeSpan.FromMilliseconds(latencyMs));
                }
            }
            Monitor.Sample();
            Time.Advance(TimeSpan.FromMilliseconds(250));
        }
    }

    public IReadOnlyList<ClusterSnapshot> Snapshot() => Monitor.Snapshot();
}
