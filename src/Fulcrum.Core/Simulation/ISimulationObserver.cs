using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Watches a run as the proxy's own monitoring would: every arrival right after the balancer picked and the
/// request started (in-flight counts include it), every completion, and a periodic tick. Enough to feed the real
/// <see cref="Fairness.DistributionMonitor"/> and <see cref="Alerting.AlertEngine"/> in virtual time (a host
/// samples every 250 ms and evaluates alerts every second; <see cref="TickInterval"/> lets an observer do the
/// same). Only <see cref="OnArrival"/> is required.
/// </summary>
public interface ISimulationObserver
{
    /// <summary>How often <see cref="OnTick"/> runs in virtual time while requests arrive; null (the default) for never.</summary>
    TimeSpan? TickInterval => null;

    /// <summary>Before the first event: the run's virtual clock (hand it to monitors and alert engines) and its balancer.</summary>
    void OnStart(TimeProvider time, ClusterBalancer balancer)
    {
    }

    void OnArrival(TimeSpan elapsed, Backend picked, ClusterBalancer balancer);

    /// <summary>
    /// A request ended, after the balancer recorded its outcome: <paramref name="statusCode"/> 200, 500 (an error),
    /// 503 (rejected by a full queue) or 504 (timed out, <c>timeouts.request</c>), or a
    /// <paramref name="transportFailure"/> (the destination is down: connection refused); latency from arrival.
    /// </summary>
    void OnCompletion(TimeSpan elapsed, Backend backend, ClusterBalancer balancer, int statusCode, bool transportFailure, TimeSpan latency)
    {
    }

    /// <summary>Every <see cref="TickInterval"/> of virtual time while requests arrive, with the current balancer.</summary>
    void OnTick(TimeSpan elapsed, ClusterBalancer balancer)
    {
    }
}
