using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful024UnboundedRetriesTests
{
    private static string Config(string retries) => $$"""
        routes:
          - { name: web, match: { path: "/{**rest}" }, cluster: web }
        clusters:
          web:
            destinations:
              a: { address: "http://10.0.0.1:8080" }
              b: { address: "http://10.0.0.2:8080" }
            timeouts: { request: 10s }
            {{retries}}
        """;

    [Fact]
    public void Flags_retries_without_a_per_try_timeout()
    {
        var findings = AssertFlagged(Config("retries: { attempts: 2 }   # <-"), "FUL024");
        Assert.Contains("per-try timeout", findings[0].Message);
        Assert.Equal("web", findings[0].Cluster);
    }

    [Fact]
    public void Flags_a_budget_over_half_the_traffic()
    {
        var findings = AssertFlagged(Config("""
            retries:
                  attempts: 2
                  budget: 80%   # <-
                  per-try-timeout: 2s
            """), "FUL024");
        Assert.Contains("80 %", findings[0].Message);
    }

    [Fact]
    public void Flags_tries_that_do_not_fit_in_the_request_timeout()
    {
        var findings = AssertFlagged(Config("""
            retries:
                  attempts: 3
                  per-try-timeout: 5s   # <-
            """), "FUL024");
        Assert.Contains("4 tries", findings[0].Message);
    }

    [Theory]
    [InlineData("retries: { attempts: 2, budget: 20%, per-try-timeout: 2s }")]
    [InlineData("retries: { attempts: 4, budget: 50%, per-try-timeout: 2s }")]
    [InlineData("")]
    public void Passes_bounded_or_absent_retries(string retries)
    {
        AssertClean(Config(retries), "FUL024");
    }
}
