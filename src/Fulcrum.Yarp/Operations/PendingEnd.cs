using Fulcrum.Core.Alerting;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Operations;

/// <summary>
/// Words for a pending alert that ended without firing. The engine ends one when its condition is no longer seen,
/// which is either "cleared" (measured, and back under its threshold) or "no longer judged" (too few requests in the
/// window, the destination gone with a config change): only the first is a withdrawal. Calling the second
/// "withdrawn" while the value is still over its threshold would tell the on-call engineer a problem went away
/// when nobody looked.
/// </summary>
internal static class PendingEnd
{
    /// <summary>The journal summary for <paramref name="alert"/> ending without firing, judged on the current snapshot.</summary>
    public static string Describe(Alert alert, ClusterSnapshot? cluster)
    {
        var why = NotCleared(alert, cluster);
        return why is null
            ? $"{alert.Name} withdrawn before firing, its condition cleared: {alert.Summary}"
            : $"{alert.Name} ended before firing without clearing ({why}): {alert.Summary}";
    }

    /// <summary>Why the condition is not known to be clear, or null when it was measured clear.</summary>
    private static string? NotCleared(Alert alert, ClusterSnapshot? cluster)
    {
        if (cluster is null)
        {
            return $"cluster {alert.Cluster} is no longer served";
        }
        var destination = alert.Destination is { } name ? cluster.Find(name) : null;
        if (alert.Destination is not null && destination is null)
        {
            return $"destination {alert.Destination} is no longer in the config";
        }
        return alert.Name switch
        {
            AlertNames.Imbalance => cluster.Verdict.Kind switch
            {
                VerdictKind.NoVerdict => "no longer judged: too few requests in the window",
                VerdictKind.Skewed => $"the cluster is still skewed, now toward {cluster.Verdict.Skew?.Destination ?? "another destination"}",
                _ => null,
            },
            AlertNames.LatencyP99 => Threshold(alert, destination?.P99Ms ?? (destination is null ? cluster.P99Ms : null), destination?.Requests ?? cluster.WindowRequests),
            AlertNames.ErrorRate => Threshold(alert, destination?.ErrorRate ?? cluster.ErrorRate, destination?.Requests ?? cluster.WindowRequests),
            _ => null,
        };
    }

    private static string? Threshold(Alert alert, double? now, long requests)
    {
        if (requests == 0 || now is null)
        {
            return "no longer measured: no requests in the window";
        }
        return alert.Threshold is { } limit && now > limit
            ? "still over its threshold, but on too few requests in the window to judge"
            : null;
    }
}
