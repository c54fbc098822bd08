using Xunit.Abstractions;

namespace Fulcrum.Tests.Deploy;

/// <summary>The fleet-wide Prometheus rules in deploy/prometheus, checked and unit-tested by the real promtool.</summary>
public sealed class PrometheusRulesTests(ITestOutputHelper output)
{
    private static readonly string Folder = RepositoryRoot.Combine("deploy", "prometheus");

    [Fact]
    public async Task RulesAreValidPromQl()
    {
        if (ExternalTool.Require("promtool", "prometheus", output) is not { } promtool)
        {
            return;
        }
        var result = await ExternalTool.RunAsync(promtool, ["check", "rules", "fulcrum-rules.yml"], Folder);
        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("SUCCESS", result.Output);
    }

    [Fact]
    public async Task RuleUnitTestsPass()
    {
        if (ExternalTool.Require("promtool", "prometheus", output) is not { } promtool)
        {
            return;
        }
        var result = await ExternalTool.RunAsync(promtool, ["test", "rules", "tests.yml"], Folder);
        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("SUCCESS", result.Output);
    }
}
