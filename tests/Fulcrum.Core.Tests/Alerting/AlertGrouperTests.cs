using Fulcrum.Core.Alerting;

namespace Fulcrum.Core.Tests.Alerting;

public sealed class AlertGrouperTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 19, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    [Fact]
    public void Alerts_of_one_cluster_arriving_within_group_wait_are_one_notification_per_tier_and_receiver()
    {
        var grouper = new AlertGrouper();
        Assert.Empty(grouper.Step([Firing("A1", "imbalance", "web", T0, tier: 0)], T0, Wait, Interval));
        Assert.Empty(grouper.Step([Firing("A2", "error-rate", "web", T0.AddSeconds(10), tier: 0)], T0.AddSeconds(10), Wait, Interval));
        Assert.Empty(grouper.Step([Firing("A3", "error-rate", "api", T0.AddSeconds(12), tier: 0)], T0.AddSeconds(12), Wait, Interval));

        var due = grouper.Step([], T0.AddSeconds(30), Wait, Interval);

        var web = Assert.Single(due);
        Assert.Equal("web", web.Cluster);
        Assert.Equal(["A1", "A2"], web.Alerts.Select(a => a.Id));
        Assert.Equal("A1", web.Lead.Id); // the first to fire names the page
        Assert.Equal("api", Assert.Single(grouper.Step([], T0.AddSeconds(42), Wait, Interval)).Cluster);
    }

    [Fact]
    public void A_later_alert_waits_for_group_interval_and_resolution_is_told_once_when_all_resolved()
    {
        var grouper = new AlertGrouper();
        grouper.Step([Firing("A1", "imbalance", "web", T0, tier: 0)], T0, Wait, Interval);
        Assert.Single(grouper.Step([], T0 + Wait, Wait, Interval));

        Assert.Empty(grouper.Step([Firing("A2", "error-rate", "web", T0.AddMinutes(1), tier: 0)], T0.AddMinutes(1), Wait, Interval));
        Assert.Empty(grouper.Step([], T0.AddMinutes(5), Wait, Interval));
        var update = Assert.Single(grouper.Step([], T0 + Wait + Interval, Wait, Interval));
        Assert.Equal(["A1", "A2"], update.Alerts.Select(a => a.Id));
        Assert.Empty(grouper.Step([Firing("A1", "imbalance", "web", T0, tier: 0)], T0.AddMinutes(20), Wait, Interval)); // nothing new

        Assert.Empty(grouper.Step([Resolved("A1", "imbalance", "web", T0, tier: 0)], T0.AddMinutes(21), Wait, Interval));
        var resolved = Assert.Single(grouper.Step([Resolved("A2", "error-rate", "web", T0.AddMinutes(1), tier: 0)], T0.AddMinutes(22), Wait, Interval));
        Assert.Equal(AlertNotificationKind.Resolved, resolved.Kind);
        Assert.Equal(2, resolved.Alerts.Count);
        Assert.Equal(0, grouper.OpenGroups);
    }

    [Fact]
    public void Tiers_are_separate_groups_and_a_group_resolved_before_its_wait_tells_nobody()
    {
        var grouper = new AlertGrouper();
        grouper.Step([Firing("A1", "imbalance", "web", T0, tier: 0), Firing("A1", "imbalance", "web", T0, tier: 1)], T0, Wait, Interval);
        Assert.Equal(2, grouper.Step([], T0 + Wait, Wait, Interval).Count);

        grouper.Step([Firing("A9", "latency-p99", "api", T0, tier: 0)], T0.AddMinutes(1), Wait, Interval);
        Assert.Empty(grouper.Step([Resolved("A9", "latency-p99", "api", T0, tier: 0)], T0.AddMinutes(1).AddSeconds(5), Wait, Interval));
        Assert.Empty(grouper.Step([], T0.AddMinutes(2), Wait, Interval));
        Assert.Equal(2, grouper.OpenGroups);
    }

    private static AlertNotification Firing(string id, string name, string cluster, DateTimeOffset firedAt, int tier) =>
        new(AlertNotificationKind.Firing, View(id, name, cluster, firedAt, AlertState.Firing), tier, ["oncall"], firedAt);

    private static AlertNotification Resolved(string id, string name, string cluster, DateTimeOffset firedAt, int tier) =>
        new(AlertNotificationKind.Resolved, View(id, name, cluster, firedAt, AlertState.Resolved), tier, ["oncall"], firedAt);

    private static Alert View(string id, string name, string cluster, DateTimeOffset firedAt, AlertState state) =>
        new(id, name, cluster, "a", state, firedAt, $"{name} summary", null, firedAt, null, null,
            state == AlertState.Resolved ? firedAt.AddMinutes(30) : null, [0]);
}
