using Fulcrum.Core.Fairness;

namespace Fulcrum.Fleet;

/// <summary>
/// Turns fleet judgments into the <see cref="ClusterSnapshot"/>s the alert engine reads, so fleet alerts run the
/// same state machines as local ones. Tracks since when each cluster's skew (same destination) lasts, as the local
/// recorder does, so <c>fairness.for</c> means the same thing fleet-wide.
/// </summary>
internal sealed class FleetSnapshots
{
    private readonly Dictionary<string, (string Destination, DateTimeOffset Since)> _skews = new(StringComparer.Ordinal);

    public IReadOnlyList<ClusterSnapshot> From(IReadOnlyList<FleetCluster> clusters, TimeSpan window, DateTimeOffset now)
    {
        var snapshots = new List<ClusterSnapshot>(clusters.Count);
        foreach (var c in clusters)
        {
            var j = c.Judgment;
            var destinations = c.Counts.Select((counts, i) =>
            {
                var d = counts.Window;
                return new DestinationSnapshot(d.Name, d.Weight, 1, d.Capacity, d.Eligible, d.Eligible, false,
                    j.Expected[i], j.Fair[i], j.WindowRequests == 0 ? 0 : (double)d.Requests / j.WindowRequests,
                    0, d.AverageInFlight, j.InFlightPerWeight[i], d.Requests, d.Failures, d.ErrorRate,
                    d.P50?.TotalMilliseconds, d.P99?.TotalMilliseconds);
            }).ToArray();
            var latency = new long[LatencyBuckets.Count];
            foreach (var counts in c.Counts)
            {
                for (var i = 0; i < latency.Length && i < counts.Latency.Count; i++)
                {
                    latency[i] += counts.Latency[i];
                }
            }
            snapshots.Add(new ClusterSnapshot(c.Name, c.Policy, now, window, Verdict(c.Name, j, now), j.JainIndex, j.WindowRequests,
                destinations.Sum(d => d.Errors), LatencyBuckets.Quantile(latency, 0.50)?.TotalMilliseconds,
                LatencyBuckets.Quantile(latency, 0.99)?.TotalMilliseconds, destinations.All(d => !d.Eligible), destinations, []));
        }
        return snapshots;
    }

    private ClusterVerdict Verdict(string cluster, FairnessJudgment judgment, DateTimeOffset now)
    {
        if (judgment.Skew is not { } skew)
        {
            _skews.Remove(cluster);
            return new ClusterVerdict(judgment.Kind, null, null, judgment.Summary);
        }
        if (!_skews.TryGetValue(cluster, out var tracked) || tracked.Destination != skew.Destination)
        {
            tracked = (skew.Destination, now);
            _skews[cluster] = tracked;
        }
        return new ClusterVerdict(VerdictKind.Skewed, skew, tracked.Since, skew.Summary);
    }
}
