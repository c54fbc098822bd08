using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful020SimulatedLoadPastCapacityTests
{
    [Fact]
    public void Flags_a_destination_the_real_picker_drives_past_its_capacity()
    {
        const string Yaml = """
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  small:
                    address: http://10.0.0.5:8080
                    weight: 1
                    capacity: 100   # <-
                  large: { address: http://10.0.0.6:8080, weight: 1, capacity: 300 }
            """;

        var findings = AssertFlagged(Yaml, "FUL020");

        Assert.Equal("small", findings[0].Destination);
        Assert.Contains("predicted at 140 req/s against capacity 100", findings[0].Message);
        Assert.Contains("(280 req/s): its share is 50 %, running the round-robin picker", findings[0].Message);
        Assert.Equal(1, AuditYaml(Yaml).ExitCode);
    }

    [Fact]
    public void Passes_weights_proportional_to_capacities_fail_over_and_undeclared_capacities()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  small: { address: http://10.0.0.5:8080, weight: 1, capacity: 100 }
                  large: { address: http://10.0.0.6:8080, weight: 3, capacity: 300 }
              failover:
                policy: first-available
                destinations:
                  primary: { address: http://10.0.1.5:8080, capacity: 100 }
                  standby: { address: http://10.0.1.6:8080, capacity: 300 }
              partial:
                destinations:
                  a: { address: http://10.0.2.5:8080, capacity: 10 }
                  b: { address: http://10.0.2.6:8080 }
            """, "FUL020");
    }
}
