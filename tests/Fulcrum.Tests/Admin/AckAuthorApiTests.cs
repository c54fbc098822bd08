using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;
using Fulcrum.TestBackends;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Admin;

/// <summary>
/// Who acknowledged an alert is recorded as for config writes: the admin token's name when it is named, else the
/// claimed user and the remote address. A real proxy whose destination a fails every request fires error-rate; the
/// acknowledgement is served by <c>GET /api/alerts</c>, journaled, and shown by <c>fulcrum timeline</c> and
/// <c>fulcrum postmortem</c> (real processes over the real SQLite journal).
/// </summary>
public sealed class AckAuthorApiTests(ITestOutputHelper output)
{
    private static string Config() => Configs.OneCluster(
        "round-robin",
        "a: { address: \"{a}\" }\nb: { address: \"{b}\" }",
        extra: """
            fairness:
              min-requests: 20
            alerts:
              error-rate: { threshold: 0.05, for: 0s }
            """);

    private static readonly TestBackendOptions[] Backends = [new() { Name = "a", FailRate = 1.0 }, new() { Name = "b" }];

    [Fact]
    public async Task A_named_token_acknowledging_is_recorded_by_name_with_the_claimed_user_and_reason()
    {
        var variable = "FULCRUM_TEST_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "s3cret-" + variable);
        var config = Config().Replace("admin:\n  listen: http://127.0.0.1:0", $"admin:\n  listen: http://127.0.0.1:0\n  token-env: {variable}\n  token-name: pager-bot", StringComparison.Ordinal);
        await using var rig = await ProxyRig.StartAsync(config, Backends);
        rig.Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-" + variable);
        var id = await FiringErrorRateAsync(rig);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{id}/ack?reason=" + Uri.EscapeDataString("looking at a"))
        {
            Content = JsonContent.Create(new { }),
            Headers = { { "X-Fulcrum-User", "alice" } },
        };
        using var ack = await rig.Admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        const string Expected = "pager-bot (admin token), user alice, reason: \"looking at a\"";
        Assert.Equal(Expected, await AcknowledgedByAsync(rig, id));

        await rig.Server.Journal.FlushAsync();
        var (timelineExit, timeline) = await FulcrumProcess.RunAsync("timeline", "-c", rig.ConfigPath);
        Assert.Equal(0, timelineExit);
        Assert.Contains(timeline.Split('\n'), l => l.Contains(" alert.acknowledged ", StringComparison.Ordinal)
            && l.Contains($"error-rate acknowledged by {Expected}", StringComparison.Ordinal));
        var (postmortemExit, postmortem) = await FulcrumProcess.RunAsync("postmortem", "-c", rig.ConfigPath);
        output.WriteLine(postmortem);
        Assert.Equal(0, postmortemExit);
        Assert.Contains($"- **Acknowledged:** ", postmortem, StringComparison.Ordinal);
        Assert.Contains($" by {Expected}\n", postmortem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_named_token_the_claimed_user_and_the_remote_address_are_recorded()
    {
        await using var rig = await ProxyRig.StartAsync(Config(), Backends);
        var id = await FiringErrorRateAsync(rig);

        using var ack = await rig.Admin.PostAsync($"/api/alerts/{id}/ack?by=bob", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("bob from 127.0.0.1", await AcknowledgedByAsync(rig, id));
    }

    private static async Task<string> FiringErrorRateAsync(ProxyRig rig)
    {
        string? id = null;
        await rig.SendAsync(100);
        await Poll.UntilAsync(async () =>
        {
            using var alerts = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/alerts"));
            id = alerts.RootElement.EnumerateArray()
                .Where(a => a.GetProperty("name").GetString() == "error-rate" && a.GetProperty("state").GetString() == "firing")
                .Select(a => a.GetProperty("id").GetString())
                .FirstOrDefault();
            if (id is null)
            {
                await rig.SendAsync(20);
            }
            return id is not null;
        }, TimeSpan.FromSeconds(30), "an error-rate alert firing");
        return id!;
    }

    private static async Task<string?> AcknowledgedByAsync(ProxyRig rig, string id)
    {
        using var alerts = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/alerts"));
        return alerts.RootElement.EnumerateArray().Single(a => a.GetProperty("id").GetString() == id).GetProperty("acknowledgedBy").GetString();
    }
}
