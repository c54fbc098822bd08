using Fulcrum.Core.Alerting;
using Fulcrum.Core.Fairness;
using Fulcrum.Proxy;

namespace Fulcrum.Metrics;

/// <summary>The gauges filled just before a scrape: per destination state, shares and fairness index, alerts firing.</summary>
internal static class MetricsContribution
{
    public static void Write(MetricsSink sink, ClusterRegistry registry, DistributionMonitor monitor, AlertEngine engine)
    {
        foreach (var cluster in registry.All)
        {
            foreach (var backend in cluster.Balancer.Backends)
            {
                sink.Destination(cluster.Name, backend);
            }
        }
        foreach (var cluster in monitor.Snapshot())
        {
            foreach (var destination in cluster.Destinations)
            {
                sink.Shares(cluster.Name, destination.Name, destination.ExpectedShare, destination.ActualShare);
            }
            if (cluster.JainIndex is { } jain)
            {
                sink.FairnessIndex(cluster.Name, jain);
            }
        }
        var firing = engine.FiringCounts();
        foreach (var name in AlertNames.All)
        {
            sink.AlertsFiring(name, firing.GetValueOrDefault(name));
        }
    }
}
