using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful007LowCardinalityHashKeyTests
{
    [Theory]
    [InlineData("client-ip")]
    [InlineData("header:Accept-Language")]
    [InlineData("header:user-agent")]
    [InlineData("header:X-Forwarded-Proto")]
    [InlineData("header:Host")]
    public void Flags_keys_with_few_values(string key)
    {
        var findings = AssertFlagged($$"""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
            clusters:
              api:
                policy: maglev
                hash:
                  key: "{{key}}"   # <-
                  balance-factor: 1.25
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
            """, "FUL007");
        Assert.Contains(key, findings[0].Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Flags_a_path_key_on_a_cluster_routed_by_a_fixed_path()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: login, match: { path: /login }, cluster: auth }
            clusters:
              auth:
                policy: consistent-hash
                hash: { key: path, balance-factor: 1.25 }   # <-
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
            """, "FUL007");
        Assert.Contains("/login", findings[0].Message);
    }

    [Fact]
    public void Passes_per_user_keys_and_a_path_key_on_a_parameterized_route()
    {
        AssertClean("""
            routes:
              - { name: api, match: { path: "/{**rest}" }, cluster: api }
              - { name: files, match: { path: "/files/{**name}", hosts: [files.example] }, cluster: files }
            clusters:
              api:
                policy: maglev
                hash: { key: "header:X-User-Id", balance-factor: 1.25 }
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
              files:
                policy: consistent-hash
                hash: { key: path, balance-factor: 1.25 }
                destinations:
                  a: { address: http://10.0.1.5:8080 }
                  b: { address: http://10.0.1.6:8080 }
            """, "FUL007");
    }
}
