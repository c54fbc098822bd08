using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Audit;

/// <summary>
/// Reloads re-simulate only changed clusters. The decision: predictions are reused per cluster when its settings are
/// equal; every rule reruns over the whole config, so route and cross-cluster rules always see every input.
/// </summary>
public class IncrementalAuditTests
{
    private static FulcrumConfig Parse(string yaml) => ConfigLoader.Parse(yaml, "test.yaml");

    private static string[] Lines(AuditReport report) => [.. report.Findings.Select(f => f.ToString())];

    [Fact]
    public void Reuses_the_predictions_of_unchanged_clusters_and_reports_what_a_full_audit_reports()
    {
        var audit = new IncrementalAudit();
        var first = AuditWorkload.Yaml(clusters: 12);
        audit.Audit(Parse(first));
        var simulatedAtFirst = audit.SimulatedClusters;

        // One cluster changes: its first destination's weight; the others are parsed anew but equal.
        var second = first.Replace("d0: { address: http://10.3.0.1:8080, weight: 1", "d0: { address: http://10.3.0.1:8080, weight: 4", StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        var report = audit.Audit(Parse(second));

        Assert.Equal(12, simulatedAtFirst);
        Assert.Equal(simulatedAtFirst + 1, audit.SimulatedClusters);
        Assert.Equal(11, audit.ReusedClusters);
        Assert.Equal(Lines(AuditEngine.Run(Parse(second))), Lines(report));
        Assert.Contains(report.Findings, f => f.Cluster == "c3"); // the changed cluster's new skew is found
    }

    [Fact]
    public void A_change_in_one_cluster_cannot_hide_a_finding_in_another()
    {
        // The workload skews c0 and c10 on purpose; c1 changes between the audits.
        var audit = new IncrementalAudit();
        var yaml = AuditWorkload.Yaml(clusters: 11);
        var before = audit.Audit(Parse(yaml));
        var changed = yaml.Replace("d0: { address: http://10.1.0.1:8080, weight: 1", "d0: { address: http://10.1.0.1:8080, weight: 2", StringComparison.Ordinal);
        var after = audit.Audit(Parse(changed));

        // Findings about untouched clusters (c0 and c10 are skewed by the workload) are all still there.
        var untouched = before.Findings.Where(f => f.Cluster is not "c1").Select(f => f.ToString()).ToList();
        Assert.Contains(before.Findings, f => f.Cluster == "c10");
        Assert.All(untouched, line => Assert.Contains(line, Lines(after)));
        Assert.Equal(Lines(AuditEngine.Run(Parse(changed))), Lines(after));
    }

    [Fact]
    public void A_route_rule_reruns_when_only_routes_change()
    {
        var audit = new IncrementalAudit();
        var yaml = AuditWorkload.Yaml(clusters: 3);
        audit.Audit(Parse(yaml));
        // A catch-all for any host placed first: every later route is shadowed, though no cluster changed.
        var shadowed = yaml.Replace("routes:\n", "routes:\n  - { name: all, match: { path: \"/{**rest}\" }, cluster: c0 }\n", StringComparison.Ordinal);

        var report = audit.Audit(Parse(shadowed));

        Assert.Equal(3, report.Findings.Count(f => f.RuleId == "FUL015"));
        Assert.Equal(3, audit.ReusedClusters);
    }

    [Fact]
    public void Same_settings_compares_destinations_item_by_item_and_everything_else_by_value()
    {
        var a = Parse(AuditWorkload.Yaml(clusters: 2)).Clusters[1];
        var b = Parse(AuditWorkload.Yaml(clusters: 2)).Clusters[1];

        Assert.NotSame(a.Destinations, b.Destinations);
        Assert.True(PredictionCache.SameSettings(a, b));
        Assert.False(PredictionCache.SameSettings(a, b with { SlowStart = TimeSpan.FromSeconds(1) }));
        Assert.False(PredictionCache.SameSettings(a, b with { Destinations = [.. b.Destinations.Reverse()] }));
        Assert.False(PredictionCache.SameSettings(a, b with { Destinations = [.. b.Destinations.Skip(1)] }));
    }
}
