using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful016RouteWithoutEligibleDestinationTests
{
    [Fact]
    public void Flags_each_route_to_an_all_drained_cluster_at_its_cluster_setting()
    {
        var findings = AssertFlagged("""
            routes:
              - name: web
                match: { path: "/{**rest}" }
                cluster: web   # <-
              - name: old
                match: { path: "/old/{**rest}", hosts: [old.example] }
                cluster: web   # <-
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080, weight: 0 }
                  b: { address: http://10.0.0.6:8080, weight: 0 }
            """, "FUL016");
        Assert.Contains("panic", findings[0].Message);
        Assert.Equal(1, AuditYaml("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080, weight: 0 }
            """).ExitCode);
    }

    [Fact]
    public void Passes_a_cluster_with_one_live_destination_and_an_unrouted_drained_cluster()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080, weight: 1 }
                  b: { address: http://10.0.0.6:8080, weight: 0 }
              retired:
                destinations:
                  a: { address: http://10.0.1.5:8080, weight: 0 }
            """, "FUL016");
    }
}
