using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful003FirstAvailableSharingTests
{
    [Fact]
    public void Flags_first_available_with_weights_that_ask_for_a_split()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                policy: first-available   # <-
                destinations:
                  a: { address: http://10.0.0.5:8080, weight: 3 }
                  b: { address: http://10.0.0.6:8080, weight: 1 }
            """, "FUL003");
        Assert.Contains("'a' gets 100 %", findings[0].Message);
        Assert.Contains("a=3, b=1", findings[0].Message);
    }

    [Fact]
    public void Flags_first_available_with_capacities_on_the_standbys()
    {
        AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                policy: first-available   # <-
                destinations:
                  a: { address: http://10.0.0.5:8080, capacity: 100 }
                  b: { address: http://10.0.0.6:8080, capacity: 100 }
            """, "FUL003");
    }

    [Fact]
    public void Passes_a_fail_over_pair_and_sharing_policies()
    {
        AssertClean("""
            routes:
              - { name: db, match: { path: "/{**rest}" }, cluster: db }
            clusters:
              db:
                policy: first-available
                destinations:
                  primary: { address: http://10.0.0.5:8080, capacity: 100 }
                  standby: { address: http://10.0.0.6:8080 }
              web:
                policy: round-robin
                destinations:
                  a: { address: http://10.0.0.7:8080, weight: 3 }
                  b: { address: http://10.0.0.8:8080, weight: 1 }
            """, "FUL003");
    }
}
