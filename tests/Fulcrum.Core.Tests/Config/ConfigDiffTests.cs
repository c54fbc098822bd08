using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config;

public class ConfigDiffTests
{
    private const string Base = """
        routes:
          - { name: web, match: { path: "/{**rest}" }, cluster: web }
          - { name: api, match: { path: "/api/{**rest}" }, cluster: web }
        clusters:
          web:
            policy: round-robin
            destinations:
              a: { address: http://127.0.0.1:9001 }
              b: { address: http://127.0.0.1:9002 }
              c: { address: http://127.0.0.1:9003 }
        alerts:
          escalation:
            - { after: 0s, notify: [oncall] }
          receivers:
            oncall: { webhook: http://127.0.0.1:5001/hook }
        """;

    private static IReadOnlyList<string> Diff(string before, string after) =>
        ConfigDiff.Compare(Load(before), Load(after)).Select(c => c.Description).ToList();

    [Fact]
    public void Same_config_has_no_changes()
    {
        Assert.Empty(Diff(Base, Base));
    }

    [Fact]
    public void Changed_weight_and_policy_read_as_old_to_new()
    {
        var after = Base
            .Replace("policy: round-robin", "policy: maglev\n    hash: { key: client-ip }")
            .Replace("9001 }", "9001, weight: 4 }");

        Assert.Equal(
            ["clusters.web.policy: round-robin → maglev", "clusters.web.destinations.a.weight: 1 → 4", "clusters.web.hash.key: none → client-ip"],
            Diff(Base, after));
    }

    [Fact]
    public void Added_and_removed_things_are_one_line_each()
    {
        var after = Base
            .Replace("  - { name: api, match: { path: \"/api/{**rest}\" }, cluster: web }\n", "")
            .Replace("      c: { address: http://127.0.0.1:9003 }", "      c: { address: http://127.0.0.1:9003 }\n      d: { address: http://127.0.0.1:9004 }");

        Assert.Equal(["routes: api removed", "clusters.web: destination d added"], Diff(Base, after));
    }

    [Fact]
    public void A_removed_cluster_does_not_list_its_settings()
    {
        var withExtra = Base.Replace("alerts:", "  extra:\n    destinations:\n      x: { address: http://127.0.0.1:9100 }\nalerts:");

        var changes = ConfigDiff.Compare(Load(withExtra), Load(Base));

        var change = Assert.Single(changes);
        Assert.Equal(ConfigChangeKind.Removed, change.Kind);
        Assert.Equal("clusters.extra", change.Path);
        Assert.Equal("clusters: extra removed", change.ToString());
    }

    [Fact]
    public void Durations_and_optional_settings_use_config_spelling()
    {
        var after = Base.Replace("policy: round-robin", "policy: round-robin\n    slow-start: 1m30s\n    timeouts: { request: 250ms }");

        Assert.Equal(["clusters.web.slow-start: none → 1m30s", "clusters.web.timeouts.request: none → 250ms"], Diff(Base, after));
        Assert.Equal(["clusters.web.slow-start: 1m30s → none", "clusters.web.timeouts.request: 250ms → none"], Diff(after, Base));
    }

    [Fact]
    public void Escalation_tiers_and_receivers()
    {
        var after = Base.Replace(
            "    - { after: 0s, notify: [oncall] }",
            "    - { after: 1m, notify: [oncall] }\n    - { after: 15m, notify: [lead] }")
            .Replace("  receivers:", "  receivers:\n    lead: { alertmanager: http://127.0.0.1:9093 }");

        Assert.Equal(
            ["alerts.escalation[0].after: 0s → 1m", "alerts.escalation: tier 2 (after 15m, notify lead) added", "alerts.receivers: lead added"],
            Diff(Base, after));
    }

    [Fact]
    public void Destination_order_change_is_reported()
    {
        var after = Base.Replace(
            "      a: { address: http://127.0.0.1:9001 }\n      b: { address: http://127.0.0.1:9002 }",
            "      b: { address: http://127.0.0.1:9002 }\n      a: { address: http://127.0.0.1:9001 }");

        var change = Assert.Single(ConfigDiff.Compare(Load(Base), Load(after)));
        Assert.Equal(ConfigChangeKind.Reordered, change.Kind);
        Assert.Equal("clusters.web: destination order a, b, c → b, a, c", change.Description);
    }

    [Fact]
    public void Changes_carry_structured_old_and_new_values()
    {
        var change = Assert.Single(ConfigDiff.Compare(Load(Base), Load(Base + "\nfairness: { tolerance: 0.1 }")));

        Assert.Equal(new ConfigChange(ConfigChangeKind.Changed, "fairness.tolerance", "0.2", "0.1", "fairness.tolerance: 0.2 → 0.1"), change);
    }

    [Fact]
    public void An_address_change_that_Uri_equality_ignores_is_still_a_change()
    {
        // Destinations equal in every flattened value are left out of the diff; Uri.Equals ignores user info and
        // fragments, so "equal" must mean the spelling the diff prints, not Uri equality.
        var after = Base.Replace("http://127.0.0.1:9002 }", "http://ops@127.0.0.1:9002 }");

        Assert.Equal(["clusters.web.destinations.b.address: http://127.0.0.1:9002 → http://ops@127.0.0.1:9002"], Diff(Base, after));
    }

    [Fact]
    public void One_weight_changed_among_many_destinations_is_the_one_change()
    {
        static string Cluster(int weightOfD7) => "routes:\n  - { name: r, match: { path: \"/{**rest}\" }, cluster: big }\nclusters:\n  big:\n    policy: round-robin\n    destinations:\n" + string.Concat(
            Enumerable.Range(0, 300).Select(i => $"      d{i}: {{ address: http://127.0.0.1:{9000 + i % 5}/d{i}, weight: {(i == 7 ? weightOfD7 : 1)} }}\n"));

        Assert.Equal(["clusters.big.destinations.d7.weight: 1 → 3"], Diff(Cluster(1), Cluster(3)));
    }
}
