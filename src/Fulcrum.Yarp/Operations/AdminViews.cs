using Fulcrum.Core.Alerting;
using Fulcrum.Core.Fairness;
using Fulcrum.Journal;

namespace Fulcrum.Operations;

/// <summary>JSON shapes of the admin API (camelCase on the wire), built from the monitor's and alert engine's snapshots.</summary>
internal static class AdminViews
{
    public static object Cluster(ClusterSnapshot c, Func<string, string, Uri?> address, Func<string, string, Metrics.DestinationMetrics?>? outcomes = null) => new
    {
        name = c.Name,
        policy = c.Policy,
        panic = c.Panic,
        fairnessIndex = c.JainIndex,
        windowRequests = c.WindowRequests,
        windowErrors = c.WindowErrors,
        errorRate = c.ErrorRate,
        p50Ms = c.P50Ms,
        p99Ms = c.P99Ms,
        windowSeconds = c.Window.TotalSeconds,
        promise = c.Promise,
        promisedQuantity = c.PromisedQuantity,
        advisory = c.Advisory,
        verdict = new
        {
            state = c.Verdict.Kind switch { VerdictKind.Balanced => "balanced", VerdictKind.Skewed => "skewed", _ => "no-verdict" },
            signal = c.Verdict.Signal is { } signal ? SkewSignals.Name(signal) : null,
            destination = c.Verdict.Destination,
            deviation = c.Verdict.Skew?.Deviation,
            since = c.Verdict.Since,
            summary = c.Verdict.Summary,
        },
        destinations = c.Destinations.Select(d => new
        {
            name = d.Name,
            address = address(c.Name, d.Name)?.ToString(),
            weight = d.Weight,
            ramp = d.Ramp,
            capacity = d.Capacity,
            healthy = d.Healthy,
            ejected = d.Ejected,
            eligible = d.Eligible,
            expectedShare = d.ExpectedShare,
            fairShare = d.FairShare,
            actualShare = d.ActualShare,
            inFlight = d.InFlight,
            averageInFlight = d.AverageInFlight,
            requests = d.Requests,
            errors = d.Errors,
            errorRate = d.ErrorRate,
            clientFaults = Count(outcomes?.Invoke(c.Name, d.Name)?.ClientFault),
            proxyFaults = Count(outcomes?.Invoke(c.Name, d.Name)?.ProxyFault),
            backendFaults = Count(outcomes?.Invoke(c.Name, d.Name)?.BackendFault),
            p50Ms = d.P50Ms,
            p99Ms = d.P99Ms,
            promised = d.Promised,
            requestsPerSecond = PerSecond(d.Requests, c.Window),
            capacityLoad = d.Capacity is > 0 ? PerSecond(d.Requests, c.Window) / d.Capacity : null,
        }),
        history = c.History.Select(p => new
        {
            time = p.Time,
            shares = p.Destinations.ToDictionary(d => d.Name, d => d.Actual),
            expected = p.Destinations.ToDictionary(d => d.Name, d => d.Expected),
            fair = p.Destinations.ToDictionary(d => d.Name, d => d.Fair),
            windowRequests = p.WindowRequests,
        }),
    };

    private static double PerSecond(long requests, TimeSpan window) => window > TimeSpan.Zero ? requests / window.TotalSeconds : 0;

    private static long Count(Prometheus.Counter.Child? counter) => counter is null ? 0 : (long)counter.Value;

    public static object Alert(Alert a) => new
    {
        id = a.Id,
        name = a.Name,
        cluster = a.Cluster,
        destination = a.Destination,
        state = AlertStates.Name(a.State),
        since = a.Since,
        summary = a.Summary,
        cause = a.Cause is { } cause ? $"{cause.Description} ({cause.Time:yyyy-MM-dd HH:mm:ss}Z)" : null,
        firedAt = a.FiredAt,
        acknowledgedAt = a.AcknowledgedAt,
        acknowledgedBy = a.AcknowledgedBy,
        resolvedAt = a.ResolvedAt,
        notifiedTiers = a.NotifiedTiers,
    };

    public static object Event(JournalEvent e) => new
    {
        id = e.Id,
        time = e.Time,
        kind = e.Kind,
        cluster = e.Cluster,
        destination = e.Destination,
        summary = e.Summary,
        details = e.Details,
        alertId = e.AlertId,
        instance = e.Instance,
    };
}
