using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Sees every arrival right after the balancer picked and the request started (in-flight counts include it):
/// for invariants that must hold at every step, like bounded loads.
/// </summary>
public interface ISimulationObserver
{
    void OnArrival(TimeSpan elapsed, Backend picked, ClusterBalancer balancer);
}
