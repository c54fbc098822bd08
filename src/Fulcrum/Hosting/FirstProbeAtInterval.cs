using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Fulcrum.Hosting;

/// <summary>
/// YARP's active health monitor without its initial round: the clusters of the config YARP loads at start are first
/// probed one interval later, by YARP's own scheduler, and every later probe is YARP's as usual. Only
/// <c>fulcrum demo</c> asks for it (<see cref="FulcrumServerOptions.FirstProbeAtInterval"/>): its destinations are its
/// own backends, started in this process a moment before, so an immediate probe tells nothing new, and it cost the
/// demo's start an HTTP client and three backend requests before the first proxied one. What the demo shows does not
/// change: Fulcrum's view of a destination starts healthy and only a failed probe streak changes it, and YARP counts
/// a destination not yet probed as available. <c>fulcrum run</c> keeps YARP's documented immediate first probe.
/// </summary>
internal sealed class FirstProbeAtInterval(IActiveHealthCheckMonitor monitor) : IActiveHealthCheckMonitor
{
    public bool InitialProbeCompleted => monitor.InitialProbeCompleted;

    // YARP starts its interval scheduler only at the end of the initial round, so the round runs, over no cluster.
    public Task CheckHealthAsync(IEnumerable<ClusterState> clusters) => monitor.CheckHealthAsync([]);

    /// <summary>Wraps the monitor YARP registered (through its factory: the monitor's type is internal to YARP).</summary>
    public static void Use(IServiceCollection services)
    {
        var yarp = services.LastOrDefault(d => d.ServiceType == typeof(IActiveHealthCheckMonitor))?.ImplementationFactory
            ?? throw new InvalidOperationException("YARP's active health monitor is not registered; call after AddReverseProxy().");
        services.RemoveAll<IActiveHealthCheckMonitor>();
        services.AddSingleton<IActiveHealthCheckMonitor>(sp => new FirstProbeAtInterval((IActiveHealthCheckMonitor)yarp(sp)));
    }
}
