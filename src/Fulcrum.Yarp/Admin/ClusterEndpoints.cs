using Fulcrum.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fulcrum.Admin;

/// <summary><c>GET /api/clusters</c>: per destination weight, health, expected and actual share, in-flight, requests, errors, latency; the verdict.</summary>
internal static class ClusterEndpoints
{
    public static void Map(IEndpointRouteBuilder app, FulcrumRuntime runtime)
    {
        Uri? Address(string cluster, string destination) =>
            runtime.Registry.TryGet(cluster, out var found) && found.BackendsById.TryGetValue(destination, out var backend) ? backend.Address : null;
        // Client and proxy outcomes (docs/whose-fault.md) since start, from the same counters Prometheus scrapes.
        Metrics.DestinationMetrics? Outcomes(string cluster, string destination) =>
            runtime.Registry.TryGet(cluster, out var found) && found.BackendsById.TryGetValue(destination, out var backend)
                ? runtime.Metrics.Of(found, backend)
                : null;
        app.MapGet("/api/clusters", () => Results.Json(runtime.Monitor.Snapshot().Select(c => AdminViews.Cluster(c, Address, Outcomes)), AdminJson.Default.IEnumerableClusterView));
    }
}
