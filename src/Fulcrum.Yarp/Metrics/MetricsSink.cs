using Fulcrum.Core.Balancing;
using Prometheus;

namespace Fulcrum.Metrics;

/// <summary>What a scrape-time contributor may set: the contract's gauges, by label.</summary>
internal sealed class MetricsSink(Gauge inFlight, Gauge weight, Gauge healthy, Gauge expectedShare, Gauge actualShare, Gauge fairnessIndex, Gauge alertsFiring)
{
    public void Destination(string cluster, Backend backend)
    {
        inFlight.WithLabels(cluster, backend.Name).Set(backend.InFlight);
        weight.WithLabels(cluster, backend.Name).Set(backend.Weight);
        healthy.WithLabels(cluster, backend.Name).Set(backend.ActiveHealthy && !backend.Ejected ? 1 : 0);
    }

    public void Shares(string cluster, string destination, double expected, double actual)
    {
        expectedShare.WithLabels(cluster, destination).Set(expected);
        actualShare.WithLabels(cluster, destination).Set(actual);
    }

    public void FairnessIndex(string cluster, double value) => fairnessIndex.WithLabels(cluster).Set(value);

    public void AlertsFiring(string alert, int count) => alertsFiring.WithLabels(alert).Set(count);
}
