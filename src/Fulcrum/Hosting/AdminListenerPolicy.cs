using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace Fulcrum.Hosting;

/// <summary>Marks the endpoints that answer only on the admin listener.</summary>
internal sealed class AdminEndpointMetadata
{
    public static AdminEndpointMetadata Instance { get; } = new();
}

/// <summary>
/// Keeps the two listeners apart: on the admin port only admin endpoints match (no request is proxied there), and on
/// the proxy ports no admin endpoint matches (the admin API is never reachable through the data plane).
/// </summary>
internal sealed class AdminListenerPolicy(AdminListener listener) : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    // Applies everywhere: a path with no admin endpoint must still not be proxied on the admin port.
    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => true;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var onAdminPort = httpContext.Connection.LocalPort == listener.Port;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i)
                && (candidates[i].Endpoint.Metadata.GetMetadata<AdminEndpointMetadata>() is not null) != onAdminPort)
            {
                candidates.SetValidity(i, false);
            }
        }
        return Task.CompletedTask;
    }
}
