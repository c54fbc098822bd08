using Fulcrum.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Admin;

/// <summary><c>GET /api/clusters</c>: per destination weight, health, expected and actual share, in-flight, requests, errors, latency; the verdict.</summary>
internal static class ClusterEndpoints
{
    public static void Map(WebApplication app, FulcrumOperations operations, Proxy.ClusterRegistry registry)
    {
        Uri? Address(string cluster, string destination) =>
            registry.TryGet(cluster, out var runtime) && runtime.BackendsById.TryGetValue(destination, out var backend) ? backend.Address : null;
        app.MapGet("/api/clusters", () => Results.Json(operations.Monitor.Snapshot().Select(c => AdminViews.Cluster(c, Address))));
    }
}
