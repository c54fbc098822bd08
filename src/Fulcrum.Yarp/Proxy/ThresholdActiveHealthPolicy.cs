using System.Runtime.CompilerServices;
using Fulcrum.Core.Config;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Fulcrum.Proxy;

/// <summary>
/// Active health on YARP's prober with the contract's thresholds: a destination turns unhealthy after
/// <c>unhealthy-after</c> consecutive failed probes and healthy again after <c>healthy-after</c> consecutive
/// good ones (YARP's built-in policy has no recovery threshold, so one lucky probe would flap it back).
/// </summary>
internal sealed partial class ThresholdActiveHealthPolicy : IActiveHealthCheckPolicy
{
    private readonly ClusterRegistry _registry;
    private readonly IDestinationHealthUpdater _healthUpdater;
    private readonly ILogger<ThresholdActiveHealthPolicy> _logger;
    private readonly ConditionalWeakTable<DestinationState, ProbeStreak> _streaks = new();

    public ThresholdActiveHealthPolicy(ClusterRegistry registry, IDestinationHealthUpdater healthUpdater, ILogger<ThresholdActiveHealthPolicy> logger)
    {
        _registry = registry;
        _healthUpdater = healthUpdater;
        _logger = logger;
    }

    public string Name => YarpNames.ActiveHealthPolicy;

    public void ProbingCompleted(ClusterState cluster, IReadOnlyList<DestinationProbingResult> probingResults)
    {
        if (!_registry.TryGet(cluster.ClusterId, out var runtime) || runtime.Balancer.Config.Health.Active is not { } settings)
        {
            return;
        }
        var updates = new List<NewActiveDestinationHealth>(probingResults.Count);
        foreach (var result in probingResults)
        {
            var ok = result.Exception is null && result.Response is { IsSuccessStatusCode: true };
            var streak = _streaks.GetValue(result.Destination, _ => new ProbeStreak());
            var healthy = streak.Observe(ok, settings);
            updates.Add(new NewActiveDestinationHealth(result.Destination, healthy ? DestinationHealth.Healthy : DestinationHealth.Unhealthy));
            if (runtime.BackendsById.TryGetValue(result.Destination.DestinationId, out var backend) && backend.ActiveHealthy != healthy)
            {
                LogHealthChanged(_logger, cluster.ClusterId, backend.Name, healthy ? "healthy" : "unhealthy", streak.Count);
                runtime.Balancer.SetActiveHealth(backend, healthy);
            }
        }
        _healthUpdater.SetActive(cluster, updates);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "health: cluster {Cluster} destination {Destination} is now {State} after {Count} consecutive probes")]
    private static partial void LogHealthChanged(ILogger logger, string cluster, string destination, string state, int count);

    /// <summary>Consecutive probe outcomes of one destination and the verdict they support.</summary>
    private sealed class ProbeStreak
    {
        private bool _healthy = true;
        private bool _lastOk = true;

        public int Count { get; private set; }

        public bool Observe(bool ok, ActiveHealthConfig settings)
        {
            lock (this)
            {
                Count = ok == _lastOk ? Count + 1 : 1;
                _lastOk = ok;
                if (_healthy && !ok && Count >= settings.UnhealthyAfter)
                {
                    _healthy = false;
                }
                else if (!_healthy && ok && Count >= settings.HealthyAfter)
                {
                    _healthy = true;
                }
                return _healthy;
            }
        }
    }
}
