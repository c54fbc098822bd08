using Fulcrum.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Admin;

/// <summary><c>GET /api/clusters</c>: per destination weight, health, expected and actual share, in-flight, requests, errors, latency; the verdict.</summary>
internal static class ClusterEndpoints
{
    public static void Map(WebApplication app, FulcrumOperations operations)
    {
        app.MapGet("/api/clusters", () => Results.Json(operations.Monitor.Snapshot().Select(AdminViews.Cluster)));
    }
}
