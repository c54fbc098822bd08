using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful002SameHostPortTests
{
    [Fact]
    public void Flags_loopback_aliases_and_another_path_on_the_same_port()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://127.0.0.1:9001 }
                  b: { address: http://localhost:9001 }     # <-
                  c: { address: "http://[::1]:9001" }       # <-
                  d: { address: http://127.0.0.1:9001/v2 }  # <-
                  e: { address: http://127.0.0.1:9002 }
            """, "FUL002");
        Assert.Equal(["b", "c", "d"], findings.Select(f => f.Destination));
        Assert.Contains("'a' (http://127.0.0.1:9001)", findings[0].Message);
    }

    [Fact]
    public void Leaves_exact_duplicates_to_FUL001_and_passes_distinct_servers()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://127.0.0.1:9001 }
                  b: { address: http://127.0.0.1:9001/ }
                  c: { address: http://127.0.0.2:9002 }
                  d: { address: http://10.0.0.5:9001 }
            """, "FUL002");
    }
}
