using Fulcrum.Core.Alerting;
using Fulcrum.Core.Fairness;
using static Fulcrum.Core.Tests.Alerting.AlertFixture;

namespace Fulcrum.Core.Tests.Alerting;

public sealed class AlertThresholdTests
{
    [Fact]
    public void Error_rate_above_threshold_is_pending_then_fires_after_its_for()
    {
        var f = new AlertFixture();
        var cluster = f.Cluster(Destination("a", errors: 30), Destination("b"), Destination("c")); // a at 10 %, cluster 3.3 %

        var first = f.Evaluate(cluster);
        var pending = Assert.Single(first.Transitions);
        Assert.Equal((AlertState?)AlertState.Pending, pending.To);
        Assert.Equal(AlertNames.ErrorRate, pending.Alert.Name);
        Assert.Equal("a", pending.Alert.Destination);
        Assert.StartsWith("error-rate-", pending.Alert.Id);

        f.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(f.Evaluate(cluster).IsEmpty);
        Assert.Equal(AlertState.Pending, f.Single(AlertNames.ErrorRate).State);

        f.Time.Advance(TimeSpan.FromSeconds(1));
        var fired = f.Evaluate(cluster);
        Assert.Equal((AlertState?)AlertState.Firing, Assert.Single(fired.Transitions).To);
        var notification = Assert.Single(fired.Notifications);
        Assert.Equal(AlertNotificationKind.Firing, notification.Kind);
        Assert.Equal(["oncall"], notification.Receivers);
        var alert = f.Single(AlertNames.ErrorRate);
        Assert.Equal(pending.Alert.Id, alert.Id);
        Assert.Equal("error rate of destination a in cluster web is 10 % (threshold 5 %), for 60 s", alert.Summary);
    }

    [Theory]
    [InlineData(14, false)] // 4.7 %: below the 5 % threshold
    [InlineData(15, false)] // exactly 5 %: "above" is strict
    [InlineData(16, true)]  // 5.3 %
    public void Error_rate_threshold_is_strict(int errors, bool raised)
    {
        var f = new AlertFixture();
        f.Evaluate(f.Cluster(Destination("a", errors: errors), Destination("b"), Destination("c")));
        Assert.Equal(raised, f.Engine.Alerts.Any(a => a.Name == AlertNames.ErrorRate));
    }

    [Fact]
    public void Cluster_wide_error_rate_raises_a_cluster_alert_without_destination()
    {
        var f = new AlertFixture();
        f.Evaluate(f.Cluster(Destination("a", errors: 21), Destination("b", errors: 21), Destination("c", errors: 21)));
        Assert.Contains(f.Engine.Alerts, a => a.Name == AlertNames.ErrorRate && a.Destination is null);
        Assert.Equal(4, f.Engine.Alerts.Count(a => a.Name == AlertNames.ErrorRate));
    }

    [Fact]
    public void Too_few_requests_raise_no_threshold_alert()
    {
        var f = new AlertFixture();
        f.Evaluate(f.Cluster(Destination("a", requests: 40, errors: 20, p99Ms: 5000)));
        Assert.Empty(f.Engine.Alerts);
    }

    [Fact]
    public void Latency_p99_above_threshold_fires_after_two_minutes()
    {
        var f = new AlertFixture();
        var slow = f.Cluster(Destination("a", p99Ms: 700), Destination("b"));
        var result = f.Run(TimeSpan.FromSeconds(121), _ => slow);

        var firing = result.Transitions.Where(t => t.To == AlertState.Firing).ToArray();
        Assert.Equal(2, firing.Length); // destination a and the cluster (its p99 is a's)
        Assert.All(firing, t => Assert.Equal(AlertNames.LatencyP99, t.Alert.Name));
        Assert.All(firing, t => Assert.Equal(f.Now, t.Time));
        Assert.Contains(firing, t => t.Alert.Summary.StartsWith("p99 of destination a in cluster web is 700 ms (threshold 500 ms)", StringComparison.Ordinal));
    }

    [Fact]
    public void Imbalance_fires_when_the_skew_has_lasted_fairness_for_and_names_the_destination()
    {
        var f = new AlertFixture();
        var since = f.Now;
        var result = f.Run(TimeSpan.FromSeconds(30), _ => f.Cluster(Skewed("a", since), Destination("a"), Destination("b"), Destination("c")));

        var fired = Assert.Single(result.Transitions, t => t.To == AlertState.Firing);
        Assert.Equal(since + TimeSpan.FromSeconds(30), fired.Time);
        var alert = f.Single(AlertNames.Imbalance);
        Assert.Equal("a", alert.Destination);
        Assert.Equal(since, alert.Since);
        Assert.Equal("destination a gets 61 % of cluster web, expected 33 %, for 30 s", alert.Summary);
    }

    [Fact]
    public void Destination_down_and_all_ejected_fire_at_once()
    {
        var f = new AlertFixture();
        var result = f.Evaluate(f.Cluster(Destination("a", healthy: false), Destination("b", ejected: true)));

        Assert.Equal(3, result.Transitions.Count(t => t.To == AlertState.Firing));
        Assert.Equal(2, f.Engine.Alerts.Count(a => a.Name == AlertNames.DestinationDown && a.State == AlertState.Firing));
        var all = f.Single(AlertNames.AllEjected);
        Assert.Equal(AlertState.Firing, all.State);
        Assert.Null(all.Destination);
        Assert.Contains("no eligible destination", all.Summary);
        Assert.Contains(f.Engine.Alerts, a => a.Destination == "b" && a.Summary.Contains("ejected by passive health checks"));
        Assert.Equal(2, f.Engine.FiringCounts()[AlertNames.DestinationDown]);
        Assert.Equal(0, f.Engine.FiringCounts()[AlertNames.Imbalance]);
    }

    [Fact]
    public void A_drained_destination_is_not_down()
    {
        var f = new AlertFixture();
        f.Evaluate(f.Cluster(Destination("a", weight: 0), Destination("b")));
        Assert.Empty(f.Engine.Alerts);
    }

    [Fact]
    public void The_cause_finder_explains_the_alert()
    {
        AlertCandidate? asked = null;
        var cause = new AlertCause(new DateTimeOffset(2026, 1, 1, 11, 59, 0, TimeSpan.Zero), "config-applied", "weight of a changed 1 → 4");
        var f = new AlertFixture(candidate => { asked = candidate; return cause; });

        f.Evaluate(f.Cluster(Skewed("a", f.Now), Destination("a"), Destination("b")));

        Assert.Equal(cause, f.Single(AlertNames.Imbalance).Cause);
        Assert.Equal(AlertNames.Imbalance, asked!.Name);
        Assert.Equal("a", asked.Destination);
        Assert.Equal("web", asked.Cluster);
    }
}
