using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful009NoHealthCheckTests
{
    [Fact]
    public void Flags_a_cluster_without_health_checks_at_its_name()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:   # <-
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
            """, "FUL009");
        Assert.Equal("web", findings[0].Cluster);
    }

    [Theory]
    [InlineData("active: { path: /health, interval: 5s, timeout: 2s }")]
    [InlineData("passive: { consecutive-failures: 5, ejection: 30s, max-ejected-percent: 50 }")]
    public void Passes_either_kind_of_check(string check)
    {
        AssertClean($$"""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
                health:
                  {{check}}
            """, "FUL009");
    }
}
