using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;
using Fulcrum.Hosting;
using Fulcrum.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Fulcrum.Admin;

/// <summary><c>GET /api/fleet/clusters</c> (the live instances' windows added up and judged) and <c>GET /api/fleet/instances</c> (drift).</summary>
internal static class FleetEndpoints
{
    /// <summary>Names the live instances whose reports could not be read and are left out of the fleet view.</summary>
    public const string UnreadableHeader = "Fulcrum-Fleet-Unreadable";

    public static void Map(IEndpointRouteBuilder api, FleetStore store, FleetPages pages, FleetSettings settings, ConfigGate gate)
    {
        api.MapGet("/api/fleet/clusters", async (HttpResponse response, CancellationToken aborted) =>
        {
            var skipped = new List<string>();
            var counts = await store.LiveCountsAsync(settings.LiveWithin, aborted, (instance, _) => skipped.Add(instance));
            if (skipped.Count > 0)
            {
                // The body stays the array of clusters; the header says whose counts are missing from it.
                response.Headers[UnreadableHeader] = string.Join(", ", skipped);
            }
            var fairness = gate.Current?.Fairness ?? FairnessConfig.Default;
            return Results.Json(FleetAggregation.Judge(counts, fairness).Select(Cluster), FleetJson.Default.IEnumerableFleetClusterView);
        }).AddEndpointFilter(StoreDown);
        api.MapGet("/api/fleet/instances", async (CancellationToken aborted) =>
        {
            var instances = await store.InstancesAsync(settings.LiveWithin, aborted);
            var latest = await store.LatestVersionAsync(aborted);
            var leader = await pages.LeaderAsync(aborted);
            return Results.Json(
                new FleetInstancesView(
                    latest?.Id,
                    leader is { } l ? new FleetLeaderView(l.Instance, l.Since, l.Age.TotalMilliseconds) : null,
                    instances.Select(i => Instance(i, latest?.Id))),
                FleetJson.Default.FleetInstancesView);
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
            return AdminJson.Error($"the fleet store is unreachable: {e.Message}", StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static FleetClusterView Cluster(FleetCluster c)
    {
        var j = c.Judgment;
        return new FleetClusterView(
            c.Name,
            c.Policy,
            j.WindowRequests,
            j.JainIndex,
            new FleetVerdictView(
                AdminViews.VerdictState(j.Kind),
                j.Skew is { } skew ? SkewSignals.Name(skew.Signal) : null,
                j.Skew?.Destination,
                j.Skew?.Deviation,
                j.Summary),
            c.Destinations.Select((d, i) => new FleetDestinationView(
                d.Name,
                d.Weight,
                d.Capacity,
                d.Eligible,
                j.Expected[i],
                j.WindowRequests == 0 ? 0 : (double)d.Requests / j.WindowRequests,
                d.Requests,
                d.Failures,
                d.ErrorRate,
                d.AverageInFlight,
                d.P50?.TotalMilliseconds,
                d.P99?.TotalMilliseconds)),
            c.Instances.Select(s => new FleetInstanceSplitView(
                s.Instance,
                s.Requests,
                c.Destinations.Select((d, i) => new FleetShareView(d.Name, s.Shares[i])),
                s.Skewed,
                s.Summary)));
    }

    private static FleetInstanceView Instance(InstanceRow i, long? latest)
    {
        var state = !i.Live ? "down"
            : i.VersionRefused is { } refused && refused == latest ? "refused"
            : latest is not null && i.VersionServed != latest ? "behind"
            : "current";
        return new FleetInstanceView(
            i.Name, i.Pid, i.Address, i.AdminUrl, i.Live, i.Heartbeat, i.StartedAt, i.VersionServed, i.VersionRefused, i.RefusedReason,
            Drift: state != "current",
            state);
    }
}
