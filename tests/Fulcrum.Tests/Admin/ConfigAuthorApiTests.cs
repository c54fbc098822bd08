using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.Admin;

/// <summary>
/// Who forced, applied or rolled back a config through the admin API, and why, against a running proxy: journaled
/// with the change and served by <c>GET /api/config/serving</c> (which the dashboard banner reads).
/// </summary>
public sealed class ConfigAuthorApiTests
{
    [Fact]
    public async Task A_named_token_forcing_a_config_is_journaled_and_served_as_forcedBy_with_the_reason()
    {
        var variable = "FULCRUM_TEST_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "s3cret-" + variable);
        var config = Configs.Weighted("round-robin", 1, 1)
            .Replace("admin:\n  listen: http://127.0.0.1:0", $"admin:\n  listen: http://127.0.0.1:0\n  token-env: {variable}\n  token-name: release-bot", StringComparison.Ordinal);
        await using var rig = await ProxyRig.StartAsync(config, ProxyRig.Named(2));
        rig.Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-" + variable);
        // FUL001: the same backend listed twice silently doubles its share; an error, so it needs ?force=true.
        var biased = rig.Fill(Configs.OneCluster("round-robin", "a: { address: \"{a}\" }\nb: { address: \"{a}\" }"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/config?force=true&reason=" + Uri.EscapeDataString("load test of a, back by 5pm"))
        {
            Content = new StringContent(biased, System.Text.Encoding.UTF8, "application/yaml"),
            Headers = { { "X-Fulcrum-User", "alice" } },
        };
        using var forced = await rig.Admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);

        using (var serving = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/config/serving")))
        {
            Assert.True(serving.RootElement.GetProperty("forced").GetBoolean());
            Assert.Equal("release-bot (admin token), user alice", serving.RootElement.GetProperty("forcedBy").GetString());
            Assert.Equal("load test of a, back by 5pm", serving.RootElement.GetProperty("reason").GetString());
        }
        var events = await EventsAsync(rig);
        Assert.Contains(events, e => e.Kind == "config.forced"
            && e.Summary == "config forced past the audit by release-bot (admin token), user alice, reason: \"load test of a, back by 5pm\"");
        Assert.Contains(events, e => e.Kind == "config.applied" && e.Summary.EndsWith(
            "(FORCED past 1 error-level audit finding(s) by release-bot (admin token), user alice, reason: \"load test of a, back by 5pm\")", StringComparison.Ordinal));

        using var rollback = await rig.Admin.PostAsync("/api/config/rollback?by=bob&reason=undo",
            new StringContent("", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        using (var serving = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/config/serving")))
        {
            Assert.False(serving.RootElement.GetProperty("forced").GetBoolean());
            Assert.Equal(JsonValueKind.Null, serving.RootElement.GetProperty("forcedBy").ValueKind);
            Assert.Equal("release-bot (admin token), user bob", serving.RootElement.GetProperty("appliedBy").GetString());
            Assert.Equal("undo", serving.RootElement.GetProperty("reason").GetString());
        }
        Assert.Contains(await EventsAsync(rig), e => e.Kind == "config.rollback"
            && e.Summary.StartsWith("rolled back to the last config that served cleanly by release-bot (admin token), user bob, reason: \"undo\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_named_token_the_claimed_user_and_the_remote_address_are_recorded()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        var biased = rig.Fill(Configs.OneCluster("round-robin", "a: { address: \"{a}\" }\nb: { address: \"{a}\" }"));

        using var forced = await rig.Admin.PostAsync("/api/config?force=true&by=carol",
            new StringContent(biased, System.Text.Encoding.UTF8, "application/yaml"));

        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
        using var serving = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/config/serving"));
        Assert.Equal("carol from 127.0.0.1", serving.RootElement.GetProperty("forcedBy").GetString());
        Assert.Equal(JsonValueKind.Null, serving.RootElement.GetProperty("reason").ValueKind);
    }

    private static async Task<EventView[]> EventsAsync(ProxyRig rig) =>
        JsonSerializer.Deserialize<EventView[]>(await rig.Admin.GetStringAsync("/api/events?since=0"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private sealed record EventView(long Id, string Kind, string Summary);
}
