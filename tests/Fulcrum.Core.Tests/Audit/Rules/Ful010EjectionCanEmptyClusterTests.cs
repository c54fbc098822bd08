using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful010EjectionCanEmptyClusterTests
{
    [Fact]
    public void Flags_max_ejected_percent_100_and_ejection_of_a_lone_destination()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
              - { name: solo, match: { path: "/solo/{**rest}" }, cluster: solo }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
                health:
                  passive:
                    consecutive-failures: 5
                    ejection: 30s
                    max-ejected-percent: 100   # <-
              solo:
                destinations:
                  a: { address: http://10.0.1.5:8080 }
                  drained: { address: http://10.0.1.6:8080, weight: 0 }
                health:
                  passive: { consecutive-failures: 5, ejection: 30s, max-ejected-percent: 50 }   # <-
            """, "FUL010");
        Assert.Contains("remove 2 of its 2 destination(s) (max-ejected-percent 100)", findings[0].Message);
        Assert.Contains("its only destination that takes traffic ('a')", findings[1].Message);
        Assert.Equal("a", findings[1].Destination);
    }

    [Fact]
    public void Passes_a_lone_destination_that_the_percentage_never_lets_go()
    {
        // floor(1 × 50 / 100) = 0: the balancer cannot eject the only destination.
        AssertClean("""
            routes:
              - { name: solo, match: { path: "/{**rest}" }, cluster: solo }
            clusters:
              solo:
                destinations:
                  a: { address: http://10.0.1.5:8080 }
                health:
                  passive: { consecutive-failures: 5, ejection: 30s, max-ejected-percent: 50 }
            """, "FUL010");
    }

    [Fact]
    public void Passes_bounded_ejection_with_peers()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
                health:
                  passive: { consecutive-failures: 5, ejection: 30s, max-ejected-percent: 50 }
            """, "FUL010");
    }
}
