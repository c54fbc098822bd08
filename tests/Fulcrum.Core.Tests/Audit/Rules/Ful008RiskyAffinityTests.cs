using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful008RiskyAffinityTests
{
    [Fact]
    public void Flags_affinity_without_ttl_and_with_reject()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: shop, match: { path: "/{**rest}" }, cluster: shop }
            clusters:
              shop:
                affinity:           # <-
                  mode: cookie
                  failure: reject   # <-
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
            """, "FUL008");
        Assert.Contains("never expires", findings[0].Message);
        Assert.Contains("reject", findings[1].Message);
    }

    [Fact]
    public void Passes_affinity_with_ttl_that_redistributes()
    {
        AssertClean("""
            routes:
              - { name: shop, match: { path: "/{**rest}" }, cluster: shop }
            clusters:
              shop:
                affinity: { mode: cookie, ttl: 1h, failure: redistribute }
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
              plain:
                destinations:
                  a: { address: http://10.0.1.5:8080 }
            """, "FUL008");
    }
}
