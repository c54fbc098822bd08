using Fulcrum.Core.Alerting;
using Fulcrum.Core.Fairness;
using Fulcrum.Operations;

namespace Fulcrum.Tests.Operations;

/// <summary>
/// A pending alert that ends without firing is "withdrawn" only when its value was measured back under the threshold;
/// still over it (judged on too few requests) or no longer measured, it is said so.
/// </summary>
public sealed class PendingEndTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 20, TimeSpan.Zero);

    [Fact]
    public void A_latency_still_over_its_threshold_on_too_few_requests_is_not_withdrawn()
    {
        var text = PendingEnd.Describe(Latency(), Cluster(Destination("a", requests: 12, p99: 900)));

        Assert.DoesNotContain("withdrawn", text);
        Assert.StartsWith("latency-p99 ended before firing without clearing (still over its threshold, but on too few requests in the window to judge): ", text);
    }

    [Fact]
    public void A_latency_measured_back_under_its_threshold_is_withdrawn()
    {
        var text = PendingEnd.Describe(Latency(), Cluster(Destination("a", requests: 500, p99: 90)));

        Assert.StartsWith("latency-p99 withdrawn before firing, its condition cleared: ", text);
    }

    [Fact]
    public void A_destination_gone_with_a_config_change_or_a_window_without_requests_is_not_withdrawn()
    {
        Assert.Contains("without clearing (destination a is no longer in the config)", PendingEnd.Describe(Latency(), Cluster(Destination("b", 500, 90))));
        Assert.Contains("without clearing (no longer measured: no requests in the window)", PendingEnd.Describe(Latency(), Cluster(Destination("a", 0, null))));
        Assert.Contains("without clearing (cluster web is no longer served)", PendingEnd.Describe(Latency(), null));
    }

    [Fact]
    public void An_imbalance_with_no_verdict_is_not_withdrawn_and_a_balanced_one_is()
    {
        var imbalance = Alert("imbalance", 0.8, 0.2);

        Assert.Contains("without clearing (no longer judged: too few requests in the window)",
            PendingEnd.Describe(imbalance, Cluster(Destination("a", 10, null), new ClusterVerdict(VerdictKind.NoVerdict, null, null, "too few"))));
        Assert.Contains("without clearing (the cluster is still skewed, now toward b)",
            PendingEnd.Describe(imbalance, Cluster(Destination("a", 10, null),
                new ClusterVerdict(VerdictKind.Skewed, new Skew("b", SkewSignal.Overload, 0.5, null, "b skewed"), Now, "skewed"))));
        Assert.StartsWith("imbalance withdrawn before firing",
            PendingEnd.Describe(imbalance, Cluster(Destination("a", 1000, null), new ClusterVerdict(VerdictKind.Balanced, null, null, "balanced"))));
    }

    private static Alert Latency() => Alert("latency-p99", 900, 250);

    private static Alert Alert(string name, double value, double threshold) =>
        new($"{name}-web-a", name, "web", "a", AlertState.Pending, Now.AddSeconds(-15), $"{name} of destination a in cluster web", null, null, null, null, null, [])
        {
            Value = value,
            Threshold = threshold,
        };

    private static DestinationSnapshot Destination(string name, long requests, double? p99) =>
        new(name, 1, 1, null, true, true, false, 0.5, 0.5, 0.5, 0, null, null, requests, 0, 0, p99 is null ? null : p99 / 2, p99);

    private static ClusterSnapshot Cluster(DestinationSnapshot destination, ClusterVerdict? verdict = null) =>
        new("web", "round-robin", Now, TimeSpan.FromMinutes(1), verdict ?? new ClusterVerdict(VerdictKind.Balanced, null, null, "balanced"),
            null, destination.Requests, 0, null, destination.P99Ms, false, [destination], []);
}
