using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful030RetriesWithoutSpareDestinationTests
{
    [Fact]
    public void Flags_retries_on_a_cluster_with_one_destination_at_the_attempts()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: round-robin
                retries:
                  attempts: 2   # <-
                  per-try-timeout: 2s
                destinations:
                  a: { address: http://10.0.0.5:8080 }
            """, "FUL030");

        var finding = Assert.Single(findings);
        Assert.Contains("retries up to 2 time(s) but has 1 destination(s)", finding.Message);
        Assert.Contains("no try is ever retried", finding.Message);
    }

    [Fact]
    public void Flags_attempts_above_the_other_destinations_and_counts_only_those_with_weight()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: round-robin
                retries:
                  attempts: 3   # <-
                  per-try-timeout: 2s
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
                  drained: { address: http://10.0.0.7:8080, weight: 0 }
            """, "FUL030");

        var finding = Assert.Single(findings);
        Assert.Contains("has 2 destinations that can take traffic", finding.Message);
        Assert.Contains("at most 1 retry can happen; lower retries.attempts to 1", finding.Message);
    }

    [Fact]
    public void Passes_attempts_that_the_other_destinations_can_take_and_clusters_without_retries()
    {
        AssertClean("""
            routes:
              - { name: api, match: { path: "/api/{**rest}" }, cluster: api }
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              api:
                policy: round-robin
                retries: { attempts: 2, per-try-timeout: 2s }
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
                  c: { address: http://10.0.0.7:8080 }
              web:
                policy: round-robin
                destinations:
                  a: { address: http://10.0.1.5:8080 }
            """, "FUL030");
    }
}
