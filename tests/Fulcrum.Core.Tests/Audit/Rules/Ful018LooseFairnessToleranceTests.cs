using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful018LooseFairnessToleranceTests
{
    private const string Cluster = """
        routes:
          - { name: web, match: { path: "/{**rest}" }, cluster: web }
        clusters:
          web:
            destinations:
              a: { address: http://10.0.0.5:8080 }
              b: { address: http://10.0.0.6:8080 }
        """;

    [Fact]
    public void Flags_a_tolerance_above_one_half()
    {
        var findings = AssertFlagged(Cluster + """

            fairness:
              window: 30s
              tolerance: 0.8   # <-
            """, "FUL018");
        Assert.Contains("1.8×", findings[0].Message);
        Assert.Null(findings[0].Cluster);
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("0.2")]
    public void Passes_tolerances_up_to_one_half(string tolerance)
    {
        AssertClean(Cluster + "\nfairness: { tolerance: " + tolerance + " }\n", "FUL018");
    }
}
