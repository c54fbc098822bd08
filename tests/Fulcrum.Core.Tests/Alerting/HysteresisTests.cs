using Fulcrum.Core.Alerting;
using static Fulcrum.Core.Tests.Alerting.AlertFixture;

namespace Fulcrum.Core.Tests.Alerting;

public sealed class HysteresisTests
{
    [Fact]
    public void An_error_rate_hovering_around_the_threshold_fires_once_and_does_not_flap()
    {
        var f = new AlertFixture();
        // 5.3 % and 4.3 % on alternate seconds: above the threshold, then below it but above the 4 % clear level.
        var result = f.Run(TimeSpan.FromMinutes(5), second =>
            f.Cluster(Destination("a", errors: second % 2 == 0 ? 16 : 13), Destination("b"), Destination("c")));

        Assert.Single(result.Transitions, t => t.To == AlertState.Pending);
        var fired = Assert.Single(result.Transitions, t => t.To == AlertState.Firing);
        Assert.Equal(TimeSpan.FromSeconds(60), fired.Time - fired.Alert.Since);
        Assert.DoesNotContain(result.Transitions, t => t.To is AlertState.Resolved or null);
        Assert.Single(result.Notifications);
    }

    [Fact]
    public void A_firing_alert_resolves_only_after_its_condition_stayed_clear_for_the_clear_hold()
    {
        var f = new AlertFixture();
        var bad = f.Cluster(Destination("a", healthy: false), Destination("b"));
        var good = f.Cluster(Destination("a"), Destination("b"));
        f.Evaluate(bad);
        Assert.Equal(AlertState.Firing, f.Single(AlertNames.DestinationDown).State);

        // Healthy for 20 s, down again for one evaluation, then healthy: the clear hold restarts, nothing flaps.
        var start = f.Now;
        var blip = f.Run(TimeSpan.FromSeconds(50), second => second == 20 ? bad : good);
        Assert.True(blip.Transitions.Count == 0 && blip.Notifications.Count == 0);

        // Clear again from start + 22 s: still firing at + 51 s, resolved at exactly + 52 s (30 s clear).
        Assert.Equal(start + TimeSpan.FromSeconds(50), f.Now);
        var result = f.Run(TimeSpan.FromSeconds(1), _ => good);
        Assert.Empty(result.Transitions);
        result = f.Run(TimeSpan.FromSeconds(1), _ => good);
        var resolved = Assert.Single(result.Transitions);
        Assert.Equal((AlertState?)AlertState.Resolved, resolved.To);
        Assert.Equal(start + TimeSpan.FromSeconds(52), resolved.Time);
        Assert.Equal(AlertState.Resolved, f.Single(AlertNames.DestinationDown).State);
        Assert.Contains("resolved after", f.Single(AlertNames.DestinationDown).Summary);
    }

    [Fact]
    public void A_pending_alert_whose_condition_clears_is_withdrawn_without_notification()
    {
        var f = new AlertFixture();
        f.Evaluate(f.Cluster(Destination("a", errors: 30), Destination("b")));
        f.Time.Advance(TimeSpan.FromSeconds(10));

        var result = f.Evaluate(f.Cluster(Destination("a", errors: 3), Destination("b")));

        var withdrawn = Assert.Single(result.Transitions);
        Assert.Equal((AlertState?)AlertState.Pending, withdrawn.From);
        Assert.Null(withdrawn.To);
        Assert.Empty(result.Notifications);
        Assert.Empty(f.Engine.Alerts);
    }

    [Fact]
    public void A_new_occurrence_after_resolution_is_a_new_alert_with_a_new_id()
    {
        var f = new AlertFixture();
        var bad = f.Cluster(Destination("a", ejected: true), Destination("b"));
        var good = f.Cluster(Destination("a"), Destination("b"));
        f.Evaluate(bad);
        var firstId = f.Single(AlertNames.DestinationDown).Id;
        f.Run(TimeSpan.FromSeconds(31), _ => good);
        f.Time.Advance(TimeSpan.FromSeconds(1));
        f.Evaluate(bad);

        var ids = f.Engine.Alerts.Where(a => a.Name == AlertNames.DestinationDown).Select(a => a.Id).ToArray();
        Assert.Equal(2, ids.Length);
        Assert.Contains(firstId, ids);
        Assert.Equal(2, ids.Distinct().Count());
    }
}
