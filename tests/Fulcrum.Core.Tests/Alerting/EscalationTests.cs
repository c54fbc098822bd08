using Fulcrum.Core.Alerting;
using Fulcrum.Core.Fairness;
using static Fulcrum.Core.Tests.Alerting.AlertFixture;

namespace Fulcrum.Core.Tests.Alerting;

public sealed class EscalationTests
{
    private static (AlertFixture Fixture, ClusterSnapshot Down, ClusterSnapshot Up, string Id) Firing()
    {
        var f = new AlertFixture();
        var down = f.Cluster(Destination("a", healthy: false), Destination("b"));
        var up = f.Cluster(Destination("a"), Destination("b"));
        var fired = f.Evaluate(down);
        Assert.Equal(["oncall"], Assert.Single(fired.Notifications).Receivers);
        return (f, down, up, f.Single(AlertNames.DestinationDown).Id);
    }

    [Fact]
    public void Tier_two_is_told_at_exactly_fifteen_minutes_unacknowledged_and_tier_three_at_one_hour()
    {
        var (f, down, _, id) = Firing();

        f.Time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.Empty(f.Evaluate(down).Notifications); // 14 min 59 s

        f.Time.Advance(TimeSpan.FromSeconds(1));
        var escalated = Assert.Single(f.Evaluate(down).Notifications);
        Assert.Equal(AlertNotificationKind.Escalated, escalated.Kind);
        Assert.Equal(1, escalated.Tier);
        Assert.Equal(["lead"], escalated.Receivers);
        Assert.Equal(id, escalated.Alert.Id);

        f.Time.Advance(TimeSpan.FromMinutes(44));
        Assert.Empty(f.Evaluate(down).Notifications);
        f.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["management"], Assert.Single(f.Evaluate(down).Notifications).Receivers);
        Assert.Equal([0, 1, 2], f.Single(AlertNames.DestinationDown).NotifiedTiers);
    }

    [Fact]
    public void Acknowledging_stops_escalation_and_resolution_tells_only_the_tiers_already_told()
    {
        var (f, down, up, id) = Firing();
        f.Time.Advance(TimeSpan.FromMinutes(10));

        var ack = f.Engine.Ack(id, "alice");

        Assert.NotNull(ack);
        Assert.Equal((AlertState?)AlertState.Acknowledged, ack.To);
        var alert = f.Single(AlertNames.DestinationDown);
        Assert.Equal(AlertState.Acknowledged, alert.State);
        Assert.Equal("alice", alert.AcknowledgedBy);
        Assert.Null(f.Engine.Ack(id, "bob")); // already acknowledged
        Assert.Null(f.Engine.Ack("no-such-alert", "bob"));

        var later = f.Run(TimeSpan.FromHours(2), _ => down);
        Assert.Empty(later.Notifications);

        var resolved = f.Run(TimeSpan.FromSeconds(31), _ => up);
        var notification = Assert.Single(resolved.Notifications);
        Assert.Equal(AlertNotificationKind.Resolved, notification.Kind);
        Assert.Equal(["oncall"], notification.Receivers);
    }

    [Fact]
    public void Resolution_after_escalation_tells_every_tier_told_and_no_other()
    {
        var (f, down, up, _) = Firing();
        f.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Single(f.Evaluate(down).Notifications);

        var resolved = f.Run(TimeSpan.FromSeconds(31), _ => up);

        Assert.Equal([0, 1], resolved.Notifications.Select(n => n.Tier));
        Assert.All(resolved.Notifications, n => Assert.Equal(AlertNotificationKind.Resolved, n.Kind));
        Assert.Equal(["oncall", "lead"], resolved.Notifications.SelectMany(n => n.Receivers));
    }

    [Fact]
    public void A_pending_alert_cannot_be_acknowledged()
    {
        var f = new AlertFixture();
        f.Evaluate(f.Cluster(Destination("a", errors: 30), Destination("b")));
        var pending = f.Single(AlertNames.ErrorRate);

        Assert.Null(f.Engine.Ack(pending.Id, "alice"));
        Assert.Equal(AlertState.Pending, f.Single(AlertNames.ErrorRate).State);
    }
}
