using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful023InsecureBackendTlsTests
{
    [Fact]
    public void Flags_insecure_at_the_setting()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: https://10.0.0.5:8443 }
                tls:
                  insecure: true   # <-
            """, "FUL023");
        Assert.Equal("web", findings[0].Cluster);
    }

    [Theory]
    [InlineData("tls: { ca: /etc/ssl/internal-ca.pem }")]
    [InlineData("tls: { insecure: false }")]
    [InlineData("")]
    public void Passes_verified_tls(string tls)
    {
        AssertClean($$"""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: https://10.0.0.5:8443 }
                {{tls}}
            """, "FUL023");
    }
}
