using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Tests.Fairness;

public sealed class LatencyBucketsTests
{
    [Fact]
    public void Bounds_include_prometheus_default_buckets()
    {
        foreach (var le in new[] { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 })
        {
            Assert.Contains(LatencyBuckets.UpperBoundsSeconds, b => Math.Abs(b - le) < 1e-12);
        }
        Assert.Equal(LatencyBuckets.UpperBoundsSeconds.Count + 1, LatencyBuckets.Count);
    }

    [Fact]
    public void A_latency_lands_in_the_first_bucket_whose_bound_is_at_or_above_it()
    {
        var bounds = LatencyBuckets.UpperBoundsSeconds;
        var tenMs = LatencyBuckets.IndexOf(TimeSpan.FromMilliseconds(10).Ticks);
        Assert.Equal(0.01, bounds[tenMs], 1e-12);
        Assert.Equal(0.012, bounds[LatencyBuckets.IndexOf(TimeSpan.FromMilliseconds(10.1).Ticks)], 1e-12);
        Assert.Equal(0, LatencyBuckets.IndexOf(0));
        Assert.Equal(LatencyBuckets.Count - 1, LatencyBuckets.IndexOf(TimeSpan.FromMinutes(5).Ticks));
    }

    [Fact]
    public void Quantiles_interpolate_within_the_bucket()
    {
        var counts = new long[LatencyBuckets.Count];
        counts[LatencyBuckets.IndexOf(TimeSpan.FromMilliseconds(20).Ticks)] = 99;
        counts[LatencyBuckets.IndexOf(TimeSpan.FromMilliseconds(800).Ticks)] = 1;

        var p50 = LatencyBuckets.Quantile(counts, 0.5)!.Value.TotalMilliseconds;
        var p99 = LatencyBuckets.Quantile(counts, 0.99)!.Value.TotalMilliseconds;
        var p100 = LatencyBuckets.Quantile(counts, 1.0)!.Value.TotalMilliseconds;

        Assert.InRange(p50, 15, 20);
        Assert.InRange(p99, 15, 20);
        Assert.InRange(p100, 750, 1000);
        Assert.Null(LatencyBuckets.Quantile(new long[LatencyBuckets.Count], 0.5));
    }
}
