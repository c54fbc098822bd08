using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Fulcrum.Hosting;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Admin;

/// <summary>The admin API against a running proxy with real backends and real traffic.</summary>
public sealed class AdminApiTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Clusters_api_shows_shares_matching_what_the_backends_counted()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 3, 2, 1), ProxyRig.Named(3));
        await rig.SendAsync(1200, parallelism: 8);

        using var json = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/clusters"));
        var web = json.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "web");
        var destinations = web.GetProperty("destinations").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        foreach (var backend in rig.Backends)
        {
            var view = destinations[backend.Name];
            Assert.Equal(backend.Counters.Ok, view.GetProperty("requests").GetInt64());
            Assert.Equal(backend.Counters.Ok / 1200.0, view.GetProperty("actualShare").GetDouble(), 3);
            Assert.Equal(backend.Address.ToString(), view.GetProperty("address").GetString());
        }
        Assert.Equal(0.5, destinations["a"].GetProperty("expectedShare").GetDouble(), 3);
        Assert.Equal("balanced", web.GetProperty("verdict").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Metrics_pass_promtool_check_metrics()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        await rig.SendAsync(300);
        var metrics = await rig.Admin.GetStringAsync("/metrics");
        foreach (var name in new[] { "fulcrum_requests_total", "fulcrum_request_duration_seconds_bucket", "fulcrum_inflight_requests", "fulcrum_destination_weight",
                     "fulcrum_destination_healthy", "fulcrum_destination_expected_share", "fulcrum_destination_actual_share", "fulcrum_cluster_fairness_index", "fulcrum_alerts_firing", "fulcrum_cluster_info" })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }
        Assert.Contains("fulcrum_requests_total{cluster=\"web\",destination=\"a\",code_class=\"2xx\"} 150", metrics, StringComparison.Ordinal);

        await Deploy.Promtool.AssertMetricsPassAsync(metrics, output);
    }

    [Fact]
    public async Task Admin_beyond_loopback_needs_the_bearer_token()
    {
        var token = "t-" + Guid.NewGuid().ToString("N");
        var variable = "FULCRUM_TEST_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, token);
        var config = Configs.Weighted("round-robin", 1, 1)
            .Replace("  listen: http://127.0.0.1:0", $"  listen: http://0.0.0.0:0\n  token-env: {variable}", StringComparison.Ordinal);
        await using var rig = await ProxyRig.StartAsync(config, ProxyRig.Named(2));
        // Bound on every interface, reached here through loopback only.
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rig.Server.AdminAddress.Port}") };

        using var anonymous = await admin.GetAsync("/api/clusters");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token + "x") } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.SendAsync(wrong)).StatusCode);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/api/clusters") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(right)).StatusCode);
    }

    [Fact]
    public async Task Admin_beyond_loopback_without_a_token_refuses_to_start()
    {
        var config = Configs.Weighted("round-robin", 1, 1)
            .Replace("  listen: http://127.0.0.1:0", "  listen: http://0.0.0.0:0\n  token-env: FULCRUM_TEST_TOKEN_THAT_IS_NOT_SET", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ProxyRig.StartAsync(config, ProxyRig.Named(2)));
        Assert.Contains("FULCRUM_TEST_TOKEN_THAT_IS_NOT_SET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_api_returns_findings_and_events_api_returns_the_journal()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        var biased = rig.Fill(Configs.OneCluster("round-robin", "a: { address: \"{a}\" }\nb: { address: \"{a}\" }"));

        using var audit = await rig.Admin.PostAsync("/api/audit", new StringContent(biased, System.Text.Encoding.UTF8, "application/yaml"));
        using var findings = JsonDocument.Parse(await audit.Content.ReadAsStringAsync());
        var ids = findings.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("ruleId").GetString()).ToArray();
        Assert.Contains("FUL001", ids);

        using var events = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/events?since=0"));
        var kinds = events.RootElement.EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToArray();
        Assert.Contains("config.applied", kinds);
        Assert.Contains("process.started", kinds);
        // The start's details are written without the serializer context, as the very text it writes for the same dictionary.
        var started = events.RootElement.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "process.started");
        var details = started.GetProperty("details").GetString()!;
        var parsed = JsonSerializer.Deserialize(details, Fulcrum.Journal.JournalJson.Default.DictionaryStringString)!;
        Assert.Equal(["addresses", "pid", "admin"], parsed.Keys);
        Assert.Equal(rig.Admin.BaseAddress!.ToString(), parsed["admin"]);
        Assert.Equal(JsonSerializer.Serialize(parsed, Fulcrum.Journal.JournalJson.Default.DictionaryStringString), details);
        // Without a fleet the events are this instance's own: none names an instance.
        Assert.All(events.RootElement.EnumerateArray(), e => Assert.Equal(JsonValueKind.Null, e.GetProperty("instance").ValueKind));
    }

    [Fact]
    public async Task Biased_config_posted_or_reloaded_under_traffic_is_refused_and_the_old_one_keeps_serving()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        // FUL001: the same backend listed twice silently doubles its share.
        var biased = Configs.OneCluster("round-robin", "a: { address: \"{a}\" }\nb: { address: \"{a}\" }");
        var refused = 0;
        rig.Server.Gate.Refused += (_, _, _) => Interlocked.Increment(ref refused);
        var failures = 0;
        var sent = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && sent < 20_000)
            {
                var statuses = await rig.SendAsync(20, parallelism: 4);
                sent += statuses.Length;
                failures += statuses.Count(s => s != 200);
            }
        });

        using var posted = await rig.Admin.PostAsync("/api/config", new StringContent(rig.Fill(biased), System.Text.Encoding.UTF8, "application/yaml"));
        await rig.RewriteConfigAsync(biased);
        await Poll.UntilAsync(() => Volatile.Read(ref refused) >= 2, TimeSpan.FromSeconds(15), "both biased configs to be refused");
        var bBefore = rig["b"].Counters.Ok;
        var sentBefore = sent;
        await Poll.UntilAsync(() => sent > sentBefore + 200, TimeSpan.FromSeconds(10), "traffic after the refusals");
        stop.Cancel();
        await traffic;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        Assert.Contains("FUL001", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, failures);
        Assert.True(rig["b"].Counters.Ok > bBefore, "the old config (a and b) must keep serving b");
        Assert.Equal(2, rig.Server.Gate.Current!.Clusters[0].Destinations.Count);
        using var events = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/events?since=0"));
        Assert.Equal(2, events.RootElement.EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "config.refused"));
    }
}
