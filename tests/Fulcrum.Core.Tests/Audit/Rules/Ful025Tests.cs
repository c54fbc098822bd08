using Fulcrum.Core.Audit;
using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

/// <summary>FUL025: whatever the policy, a cluster predicted to send everything to one destination says so.</summary>
public class Ful025Tests
{
    [Theory]
    [InlineData("first-available", "")]
    [InlineData("first-available", "weight: 1")]
    [InlineData("round-robin", "weight: 1000")]
    [InlineData("random", "weight: 1000")]
    public void Flags_one_destination_taking_everything(string policy, string weightOfA)
    {
        var yaml = $$"""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                policy: {{policy}}
                destinations:
                  a: { address: "http://10.0.0.1:8080"{{(weightOfA.Length > 0 ? ", " + weightOfA : "")}} }
                  b: { address: "http://10.0.0.2:8080" }
            """;

        var finding = Assert.Single(FindingsOf(yaml, "FUL025"));

        Assert.Equal("a", finding.Destination);
        Assert.Equal(5, finding.Location.Line);
        Assert.Contains("while b is eligible", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Does_not_flag_a_split_or_a_drained_standby()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: "http://10.0.0.1:8080", weight: 3 }
                  b: { address: "http://10.0.0.2:8080" }
              pair:
                policy: first-available
                destinations:
                  a: { address: "http://10.0.0.3:8080" }
                  b: { address: "http://10.0.0.4:8080", weight: 0 }
            """, "FUL025");
    }

    [Fact]
    public void The_report_carries_the_predicted_split_of_every_cluster()
    {
        var report = AuditYaml("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                policy: first-available
                destinations:
                  a: { address: "http://10.0.0.1:8080" }
                  b: { address: "http://10.0.0.2:8080" }
              solo:
                destinations:
                  x: { address: "http://10.0.0.3:8080" }
            """);

        Assert.Equal(["web", "solo"], report.Splits.Select(s => s.Cluster));
        Assert.Equal([1.0, 0.0], report.Splits[0].Destinations.Select(d => d.PredictedShare));
        Assert.Equal([0.5, 0.5], report.Splits[0].Destinations.Select(d => d.WeightShare));
        Assert.Equal(1.0, report.Splits[1].Destinations[0].PredictedShare);
    }
}
