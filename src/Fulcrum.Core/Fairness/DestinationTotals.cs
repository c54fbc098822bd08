namespace Fulcrum.Core.Fairness;

/// <summary>
/// Cumulative counts of one destination since it was first tracked, for Prometheus:
/// <c>fulcrum_requests_total{cluster,destination,code_class}</c> from <see cref="RequestsByCodeClass"/>
/// (indexed by <see cref="CodeClass"/>, labels from <see cref="CodeClasses.Label"/>) and
/// <c>fulcrum_request_duration_seconds</c> from <see cref="LatencyBucketCounts"/> (per bucket, not cumulative;
/// bounds in <see cref="LatencyBuckets.UpperBoundsSeconds"/>, the last entry is the overflow bucket),
/// <see cref="LatencySumSeconds"/> and <see cref="Count"/>.
/// </summary>
public sealed record DestinationTotals(
    string Cluster,
    string Destination,
    IReadOnlyList<long> RequestsByCodeClass,
    IReadOnlyList<long> LatencyBucketCounts,
    double LatencySumSeconds)
{
    public long Count => RequestsByCodeClass.Sum();

    /// <summary>Prometheus-style cumulative counts: entry i counts latencies at or below bound i; the last is +Inf.</summary>
    public IReadOnlyList<long> CumulativeLatencyCounts()
    {
        var cumulative = new long[LatencyBucketCounts.Count];
        long running = 0;
        for (var i = 0; i < cumulative.Length; i++)
        {
            running += LatencyBucketCounts[i];
            cumulative[i] = running;
        }
        return cumulative;
    }
}
