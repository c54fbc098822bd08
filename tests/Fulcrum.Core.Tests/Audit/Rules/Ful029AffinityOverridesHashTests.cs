using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful029AffinityOverridesHashTests
{
    [Theory]
    [InlineData("consistent-hash")]
    [InlineData("maglev")]
    public void Flags_affinity_on_a_hash_policy_at_the_hash_key(string policy)
    {
        var findings = AssertFlagged($$"""
            routes:
              - { name: shop, match: { path: "/{**rest}" }, cluster: shop }
            clusters:
              shop:
                policy: {{policy}}
                hash: { key: "header:X-User", balance-factor: 1.25 }   # <-
                affinity: { mode: cookie, ttl: 1h }
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
            """, "FUL029");

        var finding = Assert.Single(findings);
        Assert.Contains($"session affinity and policy {policy}", finding.Message);
        Assert.Contains("hash.key (header:X-User) is not read", finding.Message);
        Assert.Contains("Remove 'affinity'", finding.Message);
    }

    [Fact]
    public void Passes_a_hash_policy_without_affinity_and_affinity_on_a_sharing_policy()
    {
        AssertClean("""
            routes:
              - { name: shop, match: { path: "/{**rest}" }, cluster: shop }
              - { name: api, match: { path: "/api/{**rest}" }, cluster: api }
            clusters:
              shop:
                policy: maglev
                hash: { key: path }
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
              api:
                policy: least-requests
                affinity: { mode: cookie, ttl: 1h }
                destinations:
                  a: { address: http://10.0.1.5:8080 }
                  b: { address: http://10.0.1.6:8080 }
            """, "FUL029");
    }
}
