using System.Collections.Frozen;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Proxy;
using Prometheus;

namespace Fulcrum.Metrics;

/// <summary>
/// The contract's Prometheus metrics (DESIGN.md). Request counters and the latency histogram are recorded on the
/// request path through children resolved per config; gauges (in-flight, weight, health, shares, fairness index,
/// alerts) are filled from Fulcrum's own state just before each scrape.
/// </summary>
internal sealed class FulcrumMetrics
{
    private static readonly string[] DestinationLabels = ["cluster", "destination"];

    private readonly Counter _requests;
    private readonly Counter _outcomes;
    private readonly Counter _retries;
    private readonly Counter _retryBudgetExhausted;
    private readonly Counter _connectionsRefused;
    private readonly Histogram _duration;
    private readonly Gauge _inFlight;
    private readonly Gauge _weight;
    private readonly Gauge _healthy;
    private readonly Gauge _expectedShare;
    private readonly Gauge _actualShare;
    private readonly Gauge _fairnessIndex;
    private readonly Gauge _alertsFiring;
    private readonly Gauge _clusterInfo;
    private readonly Lock _bindLock = new();
    // The children resolved for each bound destination: a reload re-resolves only destinations that are new (nine
    // label look-ups each, a third of a 1,000-destination reload's metrics work before), and removed ones are dropped.
    private Dictionary<(string Cluster, string Destination), DestinationMetrics> _bound = [];
    private HashSet<string> _boundClusters = [];
    private Dictionary<string, (string Policy, string JudgedAs)> _boundPolicies = [];

    // Each cluster runtime's metric children by backend index, resolved when a config is bound (one lookup per request).
    private FrozenDictionary<ClusterRuntime, DestinationMetrics[]> _slots = FrozenDictionary<ClusterRuntime, DestinationMetrics[]>.Empty;

    public FulcrumMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        // No exemplars. prometheus-net's default attaches the current Activity's trace and span id to every counter
        // increment and histogram observation, that is on every request of an app where ASP.NET starts an Activity
        // (any YARP app with a logger on), and /metrics is the 0.0.4 text format, which never shows them.
        factory.ExemplarBehavior = new ExemplarBehavior { DefaultExemplarProvider = null };
        _requests = factory.CreateCounter("fulcrum_requests_total", "Requests proxied, by cluster, destination and status class (error = transport failure).",
            ["cluster", "destination", "code_class"]);
        _outcomes = factory.CreateCounter("fulcrum_request_outcomes_total",
            "Requests that did not end cleanly, by whose fault (backend, client, proxy); only backend faults count as the destination's errors.",
            ["cluster", "destination", "fault"]);
        _retries = factory.CreateCounter("fulcrum_retries_total",
            "Retries sent (each also counts as a request on the destination it went to).", ["cluster"]);
        _retryBudgetExhausted = factory.CreateCounter("fulcrum_retry_budget_exhausted_total",
            "Retries not sent because the cluster's retry budget was spent.", ["cluster"]);
        _connectionsRefused = factory.CreateCounter("fulcrum_connections_refused_total",
            "Connections closed at once because their listener already had listen[].max-connections open.", ["listener"]);
        _duration = factory.CreateHistogram("fulcrum_request_duration_seconds", "Time from forwarding to the end of the response, by destination.",
            new HistogramConfiguration
            {
                LabelNames = DestinationLabels,
                Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
            });
        _inFlight = factory.CreateGauge("fulcrum_inflight_requests", "Requests in flight to the destination now.", DestinationLabels);
        _weight = factory.CreateGauge("fulcrum_destination_weight", "Configured weight of the destination (0 drains it).", DestinationLabels);
        _healthy = factory.CreateGauge("fulcrum_destination_healthy", "1 when the destination may receive traffic (healthy and not ejected), else 0.", DestinationLabels);
        _expectedShare = factory.CreateGauge("fulcrum_destination_expected_share", "Share of the cluster's requests the config intends for the destination.", DestinationLabels);
        _actualShare = factory.CreateGauge("fulcrum_destination_actual_share", "Share of the cluster's requests the destination received over the fairness window.", DestinationLabels);
        _fairnessIndex = factory.CreateGauge("fulcrum_cluster_fairness_index", "Jain's index over actual/expected shares (1 = exactly as intended).", ["cluster"]);
        _alertsFiring = factory.CreateGauge("fulcrum_alerts_firing", "Alerts firing now, by alert name.", ["alert"]);
        // An "info" metric (constant 1, facts as labels), so PromQL can join on a cluster's policy: `policy` is the
        // configured name (a custom "Fulcrum.*" policy too), `judged_as` the built-in whose fairness promise the
        // monitor applies; the shipped FulcrumImbalance rule leaves load-aware clusters out by `judged_as`.
        _clusterInfo = factory.CreateGauge("fulcrum_cluster_info", "Always 1; the cluster's balancing policy and the built-in policy it is judged as, as labels.",
            ["cluster", "policy", "judged_as"]);
        Registry.AddBeforeCollectCallback(Refresh);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Extra gauge values (shares, fairness index, alerts) from the monitor and the alert engine.</summary>
    public Action<MetricsSink>? Contributors { get; set; }

    /// <summary>Resolves the children of every destination of a new config and forgets destinations that left.</summary>
    public void Bind(IReadOnlyCollection<ClusterRuntime> clusters)
    {
        lock (_bindLock)
        {
            var bound = new Dictionary<(string, string), DestinationMetrics>();
            var slotsByCluster = new Dictionary<ClusterRuntime, DestinationMetrics[]>(ReferenceEqualityComparer.Instance);
            foreach (var cluster in clusters)
            {
                var slots = new DestinationMetrics[cluster.Balancer.Backends.Count];
                foreach (var backend in cluster.Balancer.Backends)
                {
                    var key = (cluster.Name, backend.Name);
                    var metrics = _bound.TryGetValue(key, out var kept) ? kept : Resolve(cluster.Name, backend.Name);
                    slots[backend.Index] = metrics;
                    bound[key] = metrics;
                }
                slotsByCluster[cluster] = slots;
            }
            // A plain loop: LINQ over the tuple keys is a generic instantiation compiled at every start.
            foreach (var (cluster, destination) in _bound.Keys)
            {
                if (bound.ContainsKey((cluster, destination)))
                {
                    continue;
                }
                foreach (var code in new[] { "2xx", "3xx", "4xx", "5xx", "error" })
                {
                    _requests.RemoveLabelled(cluster, destination, code);
                }
                foreach (var fault in new[] { Faults.BackendLabel, Faults.ClientLabel, Faults.ProxyLabel })
                {
                    _outcomes.RemoveLabelled(cluster, destination, fault);
                }
                foreach (var gauge in new Collector<Gauge.Child>[] { _inFlight, _weight, _healthy, _expectedShare, _actualShare })
                {
                    gauge.RemoveLabelled(cluster, destination);
                }
                _duration.RemoveLabelled(cluster, destination);
            }
            var clusterNames = clusters.Select(c => c.Name).ToHashSet();
            foreach (var gone in _boundClusters.Except(clusterNames))
            {
                _fairnessIndex.RemoveLabelled(gone);
                _retries.RemoveLabelled(gone);
                _retryBudgetExhausted.RemoveLabelled(gone);
            }
            var policies = clusters.ToDictionary(c => c.Name, c => (c.Balancer.Config.PolicyName, Policies.Name(c.Balancer.Config.Policy)), StringComparer.Ordinal);
            foreach (var (cluster, (policy, judgedAs)) in _boundPolicies)
            {
                if (!policies.TryGetValue(cluster, out var now) || now != (policy, judgedAs))
                {
                    _clusterInfo.RemoveLabelled(cluster, policy, judgedAs);
                }
            }
            foreach (var (cluster, (policy, judgedAs)) in policies)
            {
                _clusterInfo.WithLabels(cluster, policy, judgedAs).Set(1);
            }
            _bound = bound;
            _boundClusters = clusterNames;
            _boundPolicies = policies;
            Volatile.Write(ref _slots, slotsByCluster.ToFrozenDictionary(ReferenceEqualityComparer.Instance));
        }
    }

    /// <summary>The refusal counter of one listener (by its configured URL), resolved once when it binds.</summary>
    public Counter.Child ConnectionsRefused(string listener) => _connectionsRefused.WithLabels(listener);

    public void Record(ClusterRuntime cluster, Backend backend, int statusCode, bool transportFailure, TimeSpan latency, Fault fault = Fault.None)
    {
        if (!Volatile.Read(ref _slots).TryGetValue(cluster, out var slots) || backend.Index >= slots.Length)
        {
            return;
        }
        var metrics = slots[backend.Index];
        metrics.ForStatus(statusCode, transportFailure).Inc();
        metrics.Duration.Observe(latency.TotalSeconds);
        metrics.ForFault(fault)?.Inc();
    }

    /// <summary>The metric children of one destination (for the admin API's outcome counts); null when not bound.</summary>
    public DestinationMetrics? Of(ClusterRuntime cluster, Backend backend) =>
        Volatile.Read(ref _slots).TryGetValue(cluster, out var slots) && backend.Index < slots.Length ? slots[backend.Index] : null;

    /// <summary>Failure path only (the label lookup allocates): one retry sent.</summary>
    public void CountRetry(string cluster) => _retries.WithLabels(cluster).Inc();

    /// <summary>Failure path only: a retry the budget refused.</summary>
    public void CountRetryBudgetExhausted(string cluster) => _retryBudgetExhausted.WithLabels(cluster).Inc();

    private DestinationMetrics Resolve(string cluster, string destination) => new()
    {
        Ok2xx = _requests.WithLabels(cluster, destination, "2xx"),
        Redirect3xx = _requests.WithLabels(cluster, destination, "3xx"),
        Client4xx = _requests.WithLabels(cluster, destination, "4xx"),
        Server5xx = _requests.WithLabels(cluster, destination, "5xx"),
        TransportError = _requests.WithLabels(cluster, destination, "error"),
        Duration = _duration.WithLabels(cluster, destination),
        BackendFault = _outcomes.WithLabels(cluster, destination, Faults.BackendLabel),
        ClientFault = _outcomes.WithLabels(cluster, destination, Faults.ClientLabel),
        ProxyFault = _outcomes.WithLabels(cluster, destination, Faults.ProxyLabel),
    };

    private void Refresh()
    {
        var sink = new MetricsSink(_inFlight, _weight, _healthy, _expectedShare, _actualShare, _fairnessIndex, _alertsFiring);
        Contributors?.Invoke(sink);
    }
}
