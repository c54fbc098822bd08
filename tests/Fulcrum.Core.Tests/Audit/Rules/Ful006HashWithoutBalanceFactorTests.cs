using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful006HashWithoutBalanceFactorTests
{
    [Theory]
    [InlineData("consistent-hash")]
    [InlineData("maglev")]
    public void Flags_hashing_without_balance_factor(string policy)
    {
        var findings = AssertFlagged($$"""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: {{policy}}
                hash: { key: "header:X-User-Id" }   # <-
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
            """, "FUL006");
        Assert.Contains(policy, findings[0].Message);
    }

    [Fact]
    public void Passes_bounded_hashing_and_a_single_destination()
    {
        AssertClean("""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: consistent-hash
                hash: { key: "header:X-User-Id", balance-factor: 1.25 }
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
              solo:
                policy: maglev
                hash: { key: "header:X-User-Id" }
                destinations:
                  a: { address: http://10.0.1.5:8080 }
            """, "FUL006");
    }
}
