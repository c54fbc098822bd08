using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful017HealthSlowerThanFairnessWindowTests
{
    [Fact]
    public void Flags_detection_slower_than_the_window()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
                health:
                  active:
                    path: /health
                    interval: 20s   # <-
                    timeout: 2s
                    unhealthy-after: 3
            fairness: { window: 30s }
            """, "FUL017");
        Assert.Contains("3 × 20s = 1m", findings[0].Message);
        Assert.Contains("(30s)", findings[0].Message);
    }

    [Fact]
    public void Passes_detection_within_the_window()
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
                  active: { path: /health, interval: 10s, timeout: 2s, unhealthy-after: 3 }
            fairness: { window: 30s }
            """, "FUL017");
    }
}
