using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful011LoadAwareWithoutSlowStartTests
{
    [Theory]
    [InlineData("least-requests")]
    [InlineData("power-of-two")]
    [InlineData("peak-ewma")]
    public void Flags_load_aware_policies_without_slow_start(string policy)
    {
        var findings = AssertFlagged($$"""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: {{policy}}   # <-
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
            """, "FUL011");
        Assert.Contains(policy, findings[0].Message);
    }

    [Fact]
    public void Passes_slow_start_and_policies_that_ignore_in_flight_counts()
    {
        AssertClean("""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: least-requests
                slow-start: 30s
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
              web:
                policy: round-robin
                destinations:
                  a: { address: http://10.0.1.5:8080 }
                  b: { address: http://10.0.1.6:8080 }
            """, "FUL011");
    }
}
