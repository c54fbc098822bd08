using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful005WeightsDisagreeWithCapacityTests
{
    [Fact]
    public void Flags_equal_weights_over_unequal_capacities()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  small: { address: http://10.0.0.5:8080, weight: 1, capacity: 100 }   # <-
                  large: { address: http://10.0.0.6:8080, weight: 1, capacity: 150 }
            """, "FUL005");
        // large: 50 % of the weight against 60 % of the capacity is 17 % off, within the 20 % tolerance.
        Assert.Contains("50 % of the weight but 40 % of the declared capacity (100 of 250 req/s)", findings[0].Message);
        Assert.Contains("1.3×", findings[0].Message);
    }

    [Fact]
    public void Uses_the_configured_tolerance()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  small: { address: http://10.0.0.5:8080, weight: 1, capacity: 100 }
                  large: { address: http://10.0.0.6:8080, weight: 1, capacity: 150 }
            fairness: { tolerance: 0.3 }
            """, "FUL005");
    }

    [Fact]
    public void Passes_weights_proportional_to_capacities()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  small: { address: http://10.0.0.5:8080, weight: 2, capacity: 100 }
                  large: { address: http://10.0.0.6:8080, weight: 3, capacity: 150 }
                  drained: { address: http://10.0.0.7:8080, weight: 0, capacity: 500 }
            """, "FUL005");
    }
}
