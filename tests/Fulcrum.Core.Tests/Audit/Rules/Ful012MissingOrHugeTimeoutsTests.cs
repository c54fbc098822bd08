using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful012MissingOrHugeTimeoutsTests
{
    [Fact]
    public void Flags_missing_request_timeout_at_the_cluster_and_huge_ones_at_their_value()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:   # <-
                destinations:
                  a: { address: http://10.0.0.5:8080 }
              slow:
                destinations:
                  a: { address: http://10.0.1.5:8080 }
                timeouts:
                  connect: 1m     # <-
                  request: 10m    # <-
            """, "FUL012");
        Assert.Contains("no request timeout", findings[0].Message);
        Assert.Contains("1m to connect", findings[1].Message);
        Assert.Contains("waits 10m", findings[2].Message);
    }

    [Fact]
    public void Passes_reasonable_timeouts()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                timeouts: { connect: 30s, request: 5m }
            """, "FUL012");
    }
}
