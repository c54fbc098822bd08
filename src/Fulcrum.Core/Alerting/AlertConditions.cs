using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Alerting;

/// <summary>Reads the alert conditions out of the monitor's snapshots.</summary>
internal static class AlertConditions
{
    public static List<AlertCondition> From(IReadOnlyList<ClusterSnapshot> clusters, AlertsConfig alerts, FairnessConfig fairness)
    {
        var conditions = new List<AlertCondition>();
        foreach (var cluster in clusters)
        {
            AddImbalance(conditions, cluster, fairness);
            AddThresholds(conditions, cluster, alerts, fairness);
            AddAvailability(conditions, cluster);
        }
        return conditions;
    }

    private static void AddImbalance(List<AlertCondition> conditions, ClusterSnapshot cluster, FairnessConfig fairness)
    {
        var verdict = cluster.Verdict;
        if (verdict is { Kind: VerdictKind.Skewed, Skew: { } skew })
        {
            conditions.Add(new AlertCondition(AlertNames.Imbalance, cluster.Name, skew.Destination, true, true,
                verdict.Since, fairness.For, skew.Summary, skew.Deviation, fairness.Tolerance));
        }
    }

    private static void AddThresholds(List<AlertCondition> conditions, ClusterSnapshot cluster, AlertsConfig alerts, FairnessConfig fairness)
    {
        if (cluster.WindowRequests >= fairness.MinRequests)
        {
            AddErrorRate(conditions, cluster.Name, null, $"cluster {cluster.Name}", cluster.ErrorRate, alerts.ErrorRate);
            AddLatency(conditions, cluster.Name, null, $"cluster {cluster.Name}", cluster.P99Ms, alerts.LatencyP99);
        }
        foreach (var d in cluster.Destinations)
        {
            if (d.Requests >= fairness.MinRequests)
            {
                var subject = $"destination {d.Name} in cluster {cluster.Name}";
                AddErrorRate(conditions, cluster.Name, d.Name, subject, d.ErrorRate, alerts.ErrorRate);
                AddLatency(conditions, cluster.Name, d.Name, subject, d.P99Ms, alerts.LatencyP99);
            }
        }
    }

    private static void AddErrorRate(List<AlertCondition> conditions, string cluster, string? destination, string subject,
        double rate, ErrorRateAlertConfig config)
    {
        if (rate > config.Threshold * AlertEngine.ClearRatio)
        {
            conditions.Add(new AlertCondition(AlertNames.ErrorRate, cluster, destination, rate > config.Threshold, true, null,
                config.For, $"error rate of {subject} is {FairnessText.Percent(rate)} (threshold {FairnessText.Percent(config.Threshold)})",
                rate, config.Threshold));
        }
    }

    private static void AddLatency(List<AlertCondition> conditions, string cluster, string? destination, string subject,
        double? p99Ms, LatencyAlertConfig config)
    {
        var limit = config.Threshold.TotalMilliseconds;
        if (p99Ms is { } p99 && p99 > limit * AlertEngine.ClearRatio)
        {
            conditions.Add(new AlertCondition(AlertNames.LatencyP99, cluster, destination, p99 > limit, true, null, config.For,
                $"p99 of {subject} is {FairnessText.Milliseconds(TimeSpan.FromMilliseconds(p99))} " +
                $"(threshold {FairnessText.Milliseconds(config.Threshold)})", p99, limit));
        }
    }

    private static void AddAvailability(List<AlertCondition> conditions, ClusterSnapshot cluster)
    {
        var down = 0;
        foreach (var d in cluster.Destinations)
        {
            if (d.Healthy && !d.Ejected)
            {
                continue;
            }
            down++;
            var why = (d.Healthy, d.Ejected) switch
            {
                (false, true) => "failing active health checks and ejected by passive health checks",
                (false, false) => "failing active health checks",
                _ => "ejected by passive health checks",
            };
            conditions.Add(new AlertCondition(AlertNames.DestinationDown, cluster.Name, d.Name, true, true, null, TimeSpan.Zero,
                $"destination {d.Name} of cluster {cluster.Name} is down: {why}"));
        }
        if (down > 0 && cluster.Destinations.All(d => !d.Eligible))
        {
            conditions.Add(new AlertCondition(AlertNames.AllEjected, cluster.Name, null, true, true, null, TimeSpan.Zero,
                $"cluster {cluster.Name} has no eligible destination ({down} of {cluster.Destinations.Count} down): " +
                "traffic is spread over all of them (panic)"));
        }
    }
}
