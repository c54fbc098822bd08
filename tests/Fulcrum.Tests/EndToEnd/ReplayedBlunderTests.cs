using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Fulcrum.Tests.Receivers;
using Fulcrum.Tests.Support;
using Fulcrum.TestBackends;
using Xunit.Abstractions;
using static Fulcrum.Tests.Support.MarkdownSections;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// The incident Fulcrum exists for, replayed for real: three equal backends with a capacity, traffic at about 70 %
/// of it, then a config that favors one (weight 1 → 3) forced through the admin API with a named admin token and a
/// reason. The imbalance alert must fire within a minute naming the favored destination and the config change, the
/// on-call webhook must hear of it, <c>fulcrum ack</c> and <c>fulcrum rollback</c> must say what they did in words,
/// the rollback must end it, and <c>fulcrum postmortem</c> must tell the story in order: headed by the first alert
/// that fired, rooted in the forced change with who forced it and why, acting on the forced config's findings.
/// </summary>
public sealed class ReplayedBlunderTests(ITestOutputHelper output)
{
    // 2 servers × 20 ms service time ≈ 100 req/s per backend, 300 in all; 4 in the server at most, then 503.
    private static readonly TestBackendOptions Shape = new() { Latency = TimeSpan.FromMilliseconds(20), Concurrency = 2, Capacity = 4 };
    private const int RatePerSecond = 200;
    private const string TokenName = "incident-commander";
    private const string Reason = "sale traffic: send more to a";

    private static string Config(string hook, int weightA, string tokenVariable) => Configs.OneCluster(
        "round-robin",
        $"a: {{ address: \"{{a}}\", weight: {weightA}, capacity: 100 }}\nb: {{ address: \"{{b}}\", capacity: 100 }}\nc: {{ address: \"{{c}}\", capacity: 100 }}",
        extra: $$"""
            alerts:
              group-wait: 1s
              escalation:
                - { after: 0s, notify: [oncall] }
                - { after: 15m, notify: [lead] }
              receivers:
                oncall: { webhook: "{{hook}}" }
                lead: { webhook: "{{hook}}" }
            """).Replace("admin:\n  listen: http://127.0.0.1:0", $"admin:\n  listen: http://127.0.0.1:0\n  token-env: {tokenVariable}\n  token-name: {TokenName}", StringComparison.Ordinal);

    [Fact]
    public async Task Favoring_config_fires_imbalance_notifies_rolls_back_resolves_and_makes_a_postmortem()
    {
        // The admin token comes from the environment, as in production; the CLI processes inherit it.
        var tokenVariable = "FULCRUM_TEST_TOKEN_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var token = "t-" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(tokenVariable, token);
        await using var hook = await RecordingHookServer.StartAsync();
        await using var rig = await ProxyRig.StartAsync(Config(hook.HookUrl.ToString(), 1, tokenVariable), ProxyRig.Named(3, Shape));
        rig.Admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var traffic = OpenLoopTraffic(rig, stop.Token);
        var clock = Stopwatch.StartNew();
        try
        {
            await Poll.UntilAsync(() => rig.Backends.Sum(b => b.Counters.Total) > RatePerSecond * 5, TimeSpan.FromSeconds(30), "five seconds of traffic");

            using var force = new HttpRequestMessage(HttpMethod.Post, "/api/config?force=true&reason=" + Uri.EscapeDataString(Reason))
            {
                Content = new StringContent(rig.Fill(Config(hook.HookUrl.ToString(), 3, tokenVariable)), System.Text.Encoding.UTF8, "application/yaml"),
                Headers = { { "X-Fulcrum-User", "alice" } },
            };
            using var forced = await rig.Admin.SendAsync(force);
            Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
            var changedAt = clock.Elapsed;
            using (var serving = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/config/serving")))
            {
                Assert.Equal($"{TokenName} (admin token), user alice", serving.RootElement.GetProperty("forcedBy").GetString());
                Assert.Equal(Reason, serving.RootElement.GetProperty("reason").GetString());
            }

            var alert = await WaitForAlertAsync(rig, a => a.Name == "imbalance" && a.State == "firing", TimeSpan.FromSeconds(75));
            var firedAfter = clock.Elapsed - changedAt;
            output.WriteLine($"imbalance fired {firedAfter.TotalSeconds:0.0} s after the change: {alert.Summary} | cause: {alert.Cause}");
            Assert.True(firedAfter <= TimeSpan.FromSeconds(60), $"imbalance fired {firedAfter.TotalSeconds:0.0} s after the change");
            Assert.Equal("a", alert.Destination);
            Assert.Contains("config", alert.Cause ?? "", StringComparison.Ordinal);
            Assert.Contains("overload", await AlertSignalAsync(rig), StringComparison.Ordinal);

            await Poll.UntilAsync(() => hook.Requests.Any(r => r.Body.Contains(alert.Id, StringComparison.Ordinal) && r.Body.Contains("\"firing\"", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(15), "the on-call webhook to receive the firing notification");

            var (ackExit, ackOutput) = await FulcrumProcess.RunAsync("ack", alert.Id, "-c", rig.ConfigPath, "--by", "oncall-test");
            output.WriteLine(ackOutput);
            Assert.Equal(0, ackExit);
            // The admin token vouches for the name; the --by user is the caller's claim (issue 12: acks record who).
            Assert.StartsWith($"acknowledged imbalance on web/a (id {alert.Id}) by {TokenName} (admin token), user oncall-test at ", ackOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("{", ackOutput, StringComparison.Ordinal);
            await WaitForAlertAsync(rig, a => a.Id == alert.Id && a.State == "acknowledged", TimeSpan.FromSeconds(5));
            var (unknownExit, unknownOutput) = await FulcrumProcess.RunAsync("ack", "no-such-alert", "-c", rig.ConfigPath);
            Assert.Equal(1, unknownExit);
            Assert.Contains("ack: 404 Not Found: no alert with id no-such-alert", unknownOutput, StringComparison.Ordinal);

            var (rollbackExit, rollbackOutput) = await FulcrumProcess.RunAsync("rollback", "-c", rig.ConfigPath, "--reason", "undo the forced weights");
            output.WriteLine(rollbackOutput);
            Assert.Equal(0, rollbackExit);
            Assert.StartsWith("rolled back: config applied from journal config #1", rollbackOutput, StringComparison.Ordinal);
            Assert.Equal(1, rig.Server.Gate.Current!.Clusters[0].Destinations[0].Weight);

            await WaitForAlertAsync(rig, a => a.Id == alert.Id && a.State == "resolved", TimeSpan.FromSeconds(150));
            output.WriteLine($"resolved {clock.Elapsed.TotalSeconds:0} s into the test");
        }
        finally
        {
            stop.Cancel();
            await traffic;
        }
        await rig.Server.Journal.FlushAsync();

        var fired = JsonSerializer.Deserialize<AlertView[]>(await rig.Admin.GetStringAsync("/api/alerts"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!
            .Where(a => a.FiredAt is not null).OrderBy(a => a.FiredAt).ToList();
        var (timelineExit, timeline) = await FulcrumProcess.RunAsync("timeline", "-c", rig.ConfigPath);
        Assert.Equal(0, timelineExit);
        var lines = timeline.Split('\n');
        Assert.Contains(lines, l => l.Contains(" config.forced ", StringComparison.Ordinal)
            && l.EndsWith($"config forced past the audit by {TokenName} (admin token), user alice, reason: \"{Reason}\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" config.rollback ", StringComparison.Ordinal)
            && l.Contains($"rolled back to the last config that served cleanly by {TokenName} (admin token), user ", StringComparison.Ordinal)
            && l.Contains("reason: \"undo the forced weights\"", StringComparison.Ordinal));

        var (exitCode, postmortem) = await FulcrumProcess.RunAsync("postmortem", "-c", rig.ConfigPath);
        output.WriteLine(postmortem);
        Assert.Equal(0, exitCode);
        var first = fired[0];
        Assert.StartsWith($"# Postmortem (draft): {first.Name} on {first.Cluster}{(first.Destination is null ? "" : "/" + first.Destination)}", postmortem, StringComparison.Ordinal);
        var rootCause = Section(postmortem, "## Root cause candidates").Split("confirm or strike each.\n\n")[1];
        Assert.StartsWith("- **The config change in force when the incident began**", rootCause, StringComparison.Ordinal);
        var inForce = rootCause[..rootCause.IndexOf("```", StringComparison.Ordinal)];
        Assert.Contains("config.applied at ", inForce, StringComparison.Ordinal);
        Assert.Contains("clusters.web.destinations.a.weight: 1 → 3", inForce, StringComparison.Ordinal);
        Assert.Contains($"(FORCED past 1 error-level audit finding(s) by {TokenName} (admin token), user alice, reason: \"{Reason}\")", inForce, StringComparison.Ordinal);
        Assert.DoesNotContain("initial config", inForce, StringComparison.Ordinal);
        var actions = Section(postmortem, "## Corrective actions");
        Assert.Contains("Audit findings on journal config #2, applied ", actions, StringComparison.Ordinal);
        Assert.Contains("- [ ] FUL020 error web/a (", actions, StringComparison.Ordinal);
        AssertInOrder(postmortem,
            "config.applied",
            "alert.firing",
            "notification.sent",
            "alert.acknowledged",
            "config.rollback",
            "alert.resolved");
        Assert.Contains("## Timeline", postmortem, StringComparison.Ordinal);
        Assert.Contains($" by {TokenName} (admin token), user oncall-test\n", Section(postmortem, "## Summary"), StringComparison.Ordinal);
    }

    private static void AssertInOrder(string text, params string[] markers)
    {
        var position = 0;
        foreach (var marker in markers)
        {
            var found = text.IndexOf(marker, position, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{marker}' not found after position {position} in:\n{text}");
            position = found + marker.Length;
        }
    }

    /// <summary>A fixed arrival rate whatever the answers (open loop), bounded by the token and 5 minutes.</summary>
    private static Task OpenLoopTraffic(ProxyRig rig, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var inFlight = new List<Task>();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                for (var i = 0; i < RatePerSecond / 100; i++)
                {
                    inFlight.Add(SendOneAsync(rig.Client, cancellationToken));
                }
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Task.WhenAll(inFlight);
    });

    private static async Task SendOneAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync("/", cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
        }
    }

    private static async Task<AlertView> WaitForAlertAsync(ProxyRig rig, Func<AlertView, bool> match, TimeSpan timeout)
    {
        AlertView? found = null;
        await Poll.UntilAsync(async () =>
        {
            var alerts = JsonSerializer.Deserialize<AlertView[]>(await rig.Admin.GetStringAsync("/api/alerts"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            found = alerts.FirstOrDefault(match);
            return found is not null;
        }, timeout, "the alert");
        return found!;
    }

    private static async Task<string> AlertSignalAsync(ProxyRig rig)
    {
        using var json = JsonDocument.Parse(await rig.Admin.GetStringAsync("/api/clusters"));
        return json.RootElement[0].GetProperty("verdict").GetProperty("signal").GetString() ?? "";
    }

    private sealed record AlertView(string Id, string Name, string Cluster, string? Destination, string State, string Summary, string? Cause, DateTimeOffset? FiredAt);
}
