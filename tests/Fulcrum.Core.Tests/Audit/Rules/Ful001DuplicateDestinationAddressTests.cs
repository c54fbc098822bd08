using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful001DuplicateDestinationAddressTests
{
    [Fact]
    public void Flags_the_same_address_written_twice_with_the_combined_share()
    {
        var findings = AssertFlagged("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.6:8080 }
                  c: { address: http://10.0.0.5:8080 }   # <-
            """, "FUL001");
        Assert.Equal("c", findings[0].Destination);
        Assert.Equal("web", findings[0].Cluster);
        Assert.Contains("'a'", findings[0].Message);
        Assert.Contains("67 %", findings[0].Message);
    }

    [Theory]
    [InlineData("http://10.0.0.5:80")]
    [InlineData("http://10.0.0.5/")]
    [InlineData("HTTP://10.0.0.5")]
    public void Flags_spellings_that_url_rules_make_identical(string spelling)
    {
        AssertFlagged($$"""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: "http://10.0.0.5" }
                  b: { address: "{{spelling}}" }   # <-
            """, "FUL001");
    }

    [Fact]
    public void Passes_distinct_addresses()
    {
        AssertClean("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://10.0.0.5:8080 }
                  b: { address: http://10.0.0.5:8081 }
                  c: { address: https://10.0.0.5:8080 }
            """, "FUL001");
    }
}
