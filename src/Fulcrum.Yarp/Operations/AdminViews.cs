using Fulcrum.Core.Alerting;
using Fulcrum.Core.Fairness;
using Fulcrum.Journal;

namespace Fulcrum.Operations;

/// <summary>
/// JSON shapes of the admin API (camelCase on the wire; the admin API's AdminJson context serializes them), built from
/// the monitor's and alert engine's snapshots. Named records, not anonymous types, so the serializer is generated at
/// build time and works under Native AOT; the property names are the wire names.
/// </summary>
internal static class AdminViews
{
    public static ClusterView Cluster(ClusterSnapshot c, Func<string, string, Uri?> address, Func<string, string, Metrics.DestinationMetrics?>? outcomes = null) => new(
        c.Name,
        c.Policy,
        c.Panic,
        c.JainIndex,
        c.WindowRequests,
        c.WindowErrors,
        c.ErrorRate,
        c.P50Ms,
        c.P99Ms,
        c.Window.TotalSeconds,
        c.Promise,
        c.PromisedQuantity,
        c.Advisory,
        new VerdictView(
            VerdictState(c.Verdict.Kind),
            c.Verdict.Signal is { } signal ? SkewSignals.Name(signal) : null,
            c.Verdict.Destination,
            c.Verdict.Skew?.Deviation,
            c.Verdict.Since,
            c.Verdict.Summary),
        c.Destinations.Select(d => new DestinationView(
            d.Name,
            address(c.Name, d.Name)?.ToString(),
            d.Weight,
            d.Ramp,
            d.Capacity,
            d.Healthy,
            d.Ejected,
            d.Eligible,
            d.ExpectedShare,
            d.FairShare,
            d.ActualShare,
            d.InFlight,
            d.AverageInFlight,
            d.Requests,
            d.Errors,
            d.ErrorRate,
            Count(outcomes?.Invoke(c.Name, d.Name)?.ClientFault),
            Count(outcomes?.Invoke(c.Name, d.Name)?.ProxyFault),
            Count(outcomes?.Invoke(c.Name, d.Name)?.BackendFault),
            d.P50Ms,
            d.P99Ms,
            d.Promised,
            PerSecond(d.Requests, c.Window),
            d.Capacity is > 0 ? PerSecond(d.Requests, c.Window) / d.Capacity : null)),
        c.History.Select(p => new SharePointView(
            p.Time,
            p.Destinations.ToDictionary(d => d.Name, d => d.Actual),
            p.Destinations.ToDictionary(d => d.Name, d => d.Expected),
            p.Destinations.ToDictionary(d => d.Name, d => d.Fair),
            p.WindowRequests)));

    /// <summary>The verdict's wire name, shared with the fleet view.</summary>
    public static string VerdictState(VerdictKind kind) => kind switch { VerdictKind.Balanced => "balanced", VerdictKind.Skewed => "skewed", _ => "no-verdict" };

    private static double PerSecond(long requests, TimeSpan window) => window > TimeSpan.Zero ? requests / window.TotalSeconds : 0;

    private static long Count(Prometheus.Counter.Child? counter) => counter is null ? 0 : (long)counter.Value;

    public static AlertView Alert(Alert a) => new(
        a.Id,
        a.Name,
        a.Cluster,
        a.Destination,
        AlertStates.Name(a.State),
        a.Since,
        a.Summary,
        a.Cause is { } cause ? $"{cause.Description} ({cause.Time:yyyy-MM-dd HH:mm:ss}Z)" : null,
        a.FiredAt,
        a.AcknowledgedAt,
        a.AcknowledgedBy,
        a.ResolvedAt,
        a.NotifiedTiers);

    public static EventView Event(JournalEvent e) => new(e.Id, e.Time, e.Kind, e.Cluster, e.Destination, e.Summary, e.Details, e.AlertId, e.Instance);
}
