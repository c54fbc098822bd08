using Xunit.Abstractions;

namespace Fulcrum.Tests.Deploy;

/// <summary>deploy/alertmanager/alertmanager.yml, checked and route-tested by the real amtool.</summary>
public sealed class AlertmanagerConfigTests(ITestOutputHelper output)
{
    private static readonly string ConfigPath = RepositoryRoot.Combine("deploy", "alertmanager", "alertmanager.yml");

    [Fact]
    public async Task ConfigIsValid()
    {
        if (ExternalTool.Require("amtool", "prometheus-alertmanager", output) is not { } amtool)
        {
            return;
        }
        var result = await ExternalTool.RunAsync(amtool, ["check-config", ConfigPath], RepositoryRoot.Path);
        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("SUCCESS", result.Output);
    }

    [Theory]
    [InlineData("alertname=FulcrumImbalance severity=critical cluster=web destination=a", "fulcrum-page")]
    [InlineData("alertname=FulcrumDestinationDown severity=critical cluster=web destination=a", "fulcrum-page")]
    [InlineData("alertname=FulcrumErrorRate severity=warning cluster=web destination=a", "fulcrum-chat")]
    [InlineData("alertname=imbalance cluster=web destination=a", "fulcrum-chat")]
    [InlineData("alertname=SomethingElse", "default")]
    public async Task RoutesFulcrumAlertsToTheirReceiver(string labels, string receiver)
    {
        if (ExternalTool.Require("amtool", "prometheus-alertmanager", output) is not { } amtool)
        {
            return;
        }
        string[] arguments = ["config", "routes", "test", "--config.file=" + ConfigPath, .. labels.Split(' ')];
        var result = await ExternalTool.RunAsync(amtool, arguments, RepositoryRoot.Path);
        output.WriteLine(result.Output);
        Assert.True(result.ExitCode == 0, result.Output);
        // amtool prints the matched receiver(s) on stdout, plus a warning about --config.file on stderr.
        Assert.Contains(receiver, result.Output.Split('\n', StringSplitOptions.TrimEntries));
    }
}
