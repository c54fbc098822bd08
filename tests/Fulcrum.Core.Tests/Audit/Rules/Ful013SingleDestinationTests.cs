using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful013SingleDestinationTests
{
    [Fact]
    public void Flags_a_cluster_with_one_destination()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:   # <-
                  only: { address: http://10.0.0.5:8080 }
            """, "FUL013");
        Assert.Equal("only", findings[0].Destination);
    }

    [Fact]
    public void Passes_two_destinations()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
            """, "FUL013");
    }
}
