using System.Diagnostics.Metrics;
using Fulcrum.Core.Alerting;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Proxy;

namespace Fulcrum.Metrics;

/// <summary>
/// The contract's metrics as <see cref="System.Diagnostics.Metrics"/> instruments of the <c>Fulcrum</c> meter, so an
/// app's OpenTelemetry pipeline (<c>AddMeter("Fulcrum")</c>) collects them with the names and tags of /metrics.
/// Requests and durations are recorded on the request path (nothing is done while no listener is attached); the
/// gauges are observed from Fulcrum's state when a collector asks.
/// </summary>
internal sealed class FulcrumMeter : IDisposable
{
    public const string Name = "Fulcrum";

    private readonly Meter _meter;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    public FulcrumMeter(IMeterFactory meters, ClusterRegistry registry, DistributionMonitor monitor, Lazy<AlertEngine> alerts)
    {
        _meter = meters.Create(Name);
        _requests = _meter.CreateCounter<long>("fulcrum_requests_total", description: "Requests proxied, by cluster, destination and status class (error = transport failure).");
        _duration = _meter.CreateHistogram<double>("fulcrum_request_duration_seconds", unit: "s", description: "Time from forwarding to the end of the response, by destination.");
        _meter.CreateObservableGauge("fulcrum_inflight_requests", () => PerBackend(registry, b => b.InFlight), description: "Requests in flight to the destination now.");
        _meter.CreateObservableGauge("fulcrum_destination_weight", () => PerBackend(registry, b => b.Weight), description: "Configured weight of the destination (0 drains it).");
        _meter.CreateObservableGauge("fulcrum_destination_healthy", () => PerBackend(registry, b => b.ActiveHealthy && !b.Ejected ? 1 : 0), description: "1 when the destination may receive traffic (healthy and not ejected), else 0.");
        _meter.CreateObservableGauge("fulcrum_destination_expected_share", () => PerDestination(monitor, d => d.ExpectedShare), description: "Share of the cluster's requests the config intends for the destination.");
        _meter.CreateObservableGauge("fulcrum_destination_actual_share", () => PerDestination(monitor, d => d.ActualShare), description: "Share of the cluster's requests the destination received over the fairness window.");
        _meter.CreateObservableGauge("fulcrum_cluster_fairness_index", () => FairnessIndex(monitor), description: "Jain's index over actual/expected shares (1 = exactly as intended).");
        _meter.CreateObservableGauge("fulcrum_cluster_info", () => ClusterInfo(registry), description: "Always 1; the cluster's balancing policy and the built-in policy it is judged as, as labels.");
        _meter.CreateObservableGauge("fulcrum_alerts_firing", () => Firing(alerts.Value), description: "Alerts firing now, by alert name.");
    }

    /// <summary>Hot path: two instrument calls, no allocation (tags are existing strings).</summary>
    public void Record(string cluster, Backend backend, int statusCode, bool transportFailure, TimeSpan latency)
    {
        if (_requests.Enabled)
        {
            _requests.Add(1,
                new KeyValuePair<string, object?>("cluster", cluster),
                new KeyValuePair<string, object?>("destination", backend.Name),
                new KeyValuePair<string, object?>("code_class", CodeClasses.Label(CodeClasses.Of(statusCode, transportFailure))));
        }
        if (_duration.Enabled)
        {
            _duration.Record(latency.TotalSeconds,
                new KeyValuePair<string, object?>("cluster", cluster),
                new KeyValuePair<string, object?>("destination", backend.Name));
        }
    }

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<double>> PerBackend(ClusterRegistry registry, Func<Backend, double> value)
    {
        foreach (var cluster in registry.All)
        {
            foreach (var backend in cluster.Balancer.Backends)
            {
                yield return new Measurement<double>(value(backend), Tags(cluster.Name, backend.Name));
            }
        }
    }

    private static IEnumerable<Measurement<double>> PerDestination(DistributionMonitor monitor, Func<DestinationSnapshot, double> value)
    {
        foreach (var cluster in monitor.Snapshot())
        {
            foreach (var destination in cluster.Destinations)
            {
                yield return new Measurement<double>(value(destination), Tags(cluster.Name, destination.Name));
            }
        }
    }

    private static IEnumerable<Measurement<double>> FairnessIndex(DistributionMonitor monitor)
    {
        foreach (var cluster in monitor.Snapshot())
        {
            if (cluster.JainIndex is { } jain)
            {
                yield return new Measurement<double>(jain, new KeyValuePair<string, object?>("cluster", cluster.Name));
            }
        }
    }

    private static IEnumerable<Measurement<int>> ClusterInfo(ClusterRegistry registry)
    {
        foreach (var cluster in registry.All)
        {
            yield return new Measurement<int>(1,
                new KeyValuePair<string, object?>("cluster", cluster.Name),
                new KeyValuePair<string, object?>("policy", cluster.Balancer.Config.PolicyName),
                new KeyValuePair<string, object?>("judged_as", Policies.Name(cluster.Balancer.Config.Policy)));
        }
    }

    private static IEnumerable<Measurement<int>> Firing(AlertEngine engine)
    {
        var firing = engine.FiringCounts();
        foreach (var name in AlertNames.All)
        {
            yield return new Measurement<int>(firing.GetValueOrDefault(name), new KeyValuePair<string, object?>("alert", name));
        }
    }

    private static KeyValuePair<string, object?>[] Tags(string cluster, string destination) =>
        [new("cluster", cluster), new("destination", destination)];
}
