using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful014DrainedDestinationTests
{
    [Fact]
    public void Flags_a_weight_0_destination_next_to_live_ones()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b:
                    address: http://10.0.0.6:8080
                    weight: 0   # <-
            """, "FUL014");
        Assert.Equal("b", findings[0].Destination);
    }

    [Fact]
    public void Passes_live_destinations_and_leaves_an_all_drained_cluster_to_FUL016()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080, weight: 2 }
              retired:
                destinations:
                  a: { address: http://10.0.1.5:8080, weight: 0 }
            """, "FUL014");
    }
}
