using Xunit.Abstractions;

namespace Fulcrum.Tests.Deploy;

/// <summary>The fleet-wide Prometheus rules in deploy/prometheus, checked and unit-tested by the real promtool.</summary>
public sealed class PrometheusRulesTests(ITestOutputHelper output)
{
    private static readonly string Folder = RepositoryRoot.Combine("deploy", "prometheus");

    [Theory]
    [InlineData("check rules fulcrum-rules.yml")] // valid PromQL and rule structure
    [InlineData("test rules tests.yml")]          // the unit tests: skew across two instances, balanced fleet, …
    public async Task PromtoolAccepts(string command)
    {
        if (ExternalTool.Require("promtool", "prometheus", output) is not { } promtool)
        {
            return;
        }
        var result = await ExternalTool.RunAsync(promtool, command.Split(' '), Folder);
        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("SUCCESS", result.Output);
    }
}
