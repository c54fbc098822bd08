using Fulcrum.Core.Config;
using Fulcrum.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Admin;

/// <summary><c>GET /api/clusters</c>: per destination weight, health, expected and actual share, in-flight, requests, errors, latency.</summary>
internal static class ClusterEndpoints
{
    public static void Map(WebApplication app, FulcrumServerContext shared)
    {
        app.MapGet("/api/clusters", () => Results.Json(shared.Registry.All.Select(runtime =>
        {
            var balancer = runtime.Balancer;
            return new
            {
                name = balancer.Name,
                policy = Policies.Name(balancer.Config.Policy),
                panic = balancer.Panic,
                destinations = balancer.Backends.Select(b => new
                {
                    name = b.Name,
                    address = b.Address?.ToString(),
                    weight = b.Weight,
                    healthy = b.ActiveHealthy,
                    ejected = b.Ejected,
                    eligible = b.IsEligible,
                    inFlight = b.InFlight,
                }),
            };
        })));
    }
}
