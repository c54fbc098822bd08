using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;
using Fulcrum.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Fulcrum.Admin;

/// <summary><c>GET /api/fleet/clusters</c> (the live instances' windows added up and judged) and <c>GET /api/fleet/instances</c> (drift).</summary>
internal static class FleetEndpoints
{
    public static void Map(IEndpointRouteBuilder api, FleetStore store, FleetPages pages, FleetSettings settings, ConfigGate gate)
    {
        api.MapGet("/api/fleet/clusters", async (CancellationToken aborted) =>
        {
            var counts = await store.LiveCountsAsync(settings.LiveWithin, aborted);
            var fairness = gate.Current?.Fairness ?? FairnessConfig.Default;
            return Results.Json(FleetAggregation.Judge(counts, fairness).Select(Cluster));
        }).AddEndpointFilter(StoreDown);
        api.MapGet("/api/fleet/instances", async (CancellationToken aborted) =>
        {
            var instances = await store.InstancesAsync(settings.LiveWithin, aborted);
            var latest = await store.LatestVersionAsync(aborted);
            var leader = await pages.LeaderAsync(aborted);
            return Results.Json(new
            {
                latestVersion = latest?.Id,
                leader = leader is { } l ? new { instance = l.Instance, since = l.Since, lastEvaluationAgoMs = l.Age.TotalMilliseconds } : null,
                instances = instances.Select(i => Instance(i, latest?.Id)),
            });
        }).AddEndpointFilter(StoreDown);
    }

    /// <summary>The fleet views need the store; without it they say so (503) instead of failing with a 500.</summary>
    private static async ValueTask<object?> StoreDown(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return Results.Json(new { error = $"the fleet store is unreachable: {e.Message}" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static object Cluster(FleetCluster c)
    {
        var j = c.Judgment;
        return new
        {
            name = c.Name,
            policy = c.Policy,
            windowRequests = j.WindowRequests,
            fairnessIndex = j.JainIndex,
            verdict = new
            {
                state = j.Kind switch { VerdictKind.Balanced => "balanced", VerdictKind.Skewed => "skewed", _ => "no-verdict" },
                signal = j.Skew is { } skew ? SkewSignals.Name(skew.Signal) : null,
                destination = j.Skew?.Destination,
                deviation = j.Skew?.Deviation,
                summary = j.Summary,
            },
            destinations = c.Destinations.Select((d, i) => new
            {
                name = d.Name,
                weight = d.Weight,
                capacity = d.Capacity,
                eligible = d.Eligible,
                expectedShare = j.Expected[i],
                actualShare = j.WindowRequests == 0 ? 0 : (double)d.Requests / j.WindowRequests,
                requests = d.Requests,
                errors = d.Failures,
                errorRate = d.ErrorRate,
                averageInFlight = d.AverageInFlight,
                p50Ms = d.P50?.TotalMilliseconds,
                p99Ms = d.P99?.TotalMilliseconds,
            }),
            instances = c.Instances.Select(s => new
            {
                instance = s.Instance,
                requests = s.Requests,
                shares = c.Destinations.Select((d, i) => new { destination = d.Name, share = s.Shares[i] }),
                skewed = s.Skewed,
                summary = s.Summary,
            }),
        };
    }

    private static object Instance(InstanceRow i, long? latest)
    {
        var state = !i.Live ? "down"
            : i.VersionRefused is { } refused && refused == latest ? "refused"
            : latest is not null && i.VersionServed != latest ? "behind"
            : "current";
        return new
        {
            name = i.Name,
            pid = i.Pid,
            address = i.Address,
            adminUrl = i.AdminUrl,
            live = i.Live,
            heartbeat = i.Heartbeat,
            startedAt = i.StartedAt,
            versionServed = i.VersionServed,
            versionRefused = i.VersionRefused,
            refusedReason = i.RefusedReason,
            drift = state != "current",
            state,
        };
    }
}
