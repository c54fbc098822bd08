using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful004WeightsFarApartTests
{
    [Fact]
    public void Flags_the_heaviest_weight_when_no_capacity_backs_a_ratio_over_3()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080, weight: 1 }
                  b: { address: http://10.0.0.6:8080, weight: 10, capacity: 500 }   # <-
                  c: { address: http://10.0.0.7:8080, weight: 2 }
            """, "FUL004");
        Assert.Equal("b", findings[0].Destination);
        Assert.Contains("10×", findings[0].Message);
        Assert.Contains("77 %", findings[0].Message);
    }

    [Fact]
    public void Passes_close_weights_and_far_weights_with_capacities()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080, weight: 1 }
                  b: { address: http://10.0.0.6:8080, weight: 3 }
                  c: { address: http://10.0.0.7:8080, weight: 0 }
              big:
                destinations:
                  a: { address: http://10.0.1.5:8080, weight: 1, capacity: 100 }
                  b: { address: http://10.0.1.6:8080, weight: 10, capacity: 1000 }
            """, "FUL004");
    }
}
