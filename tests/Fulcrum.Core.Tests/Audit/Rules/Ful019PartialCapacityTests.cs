using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful019PartialCapacityTests
{
    [Fact]
    public void Flags_the_first_destination_without_a_capacity()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080, capacity: 200 }
                  b: { address: http://10.0.0.6:8080 }   # <-
                  c: { address: http://10.0.0.7:8080 }
            """, "FUL019");
        Assert.Equal("b", findings[0].Destination);
        Assert.Contains("not for b, c", findings[0].Message);
    }

    [Fact]
    public void Passes_all_or_no_capacities_and_ignores_drained_destinations()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080, capacity: 200 }
                  b: { address: http://10.0.0.6:8080, capacity: 200 }
                  drained: { address: http://10.0.0.7:8080, weight: 0 }
              plain:
                destinations:
                  a: { address: http://10.0.1.5:8080 }
                  b: { address: http://10.0.1.6:8080 }
            """, "FUL019");
    }
}
