using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Fulcrum.Tests.Receivers;
using Fulcrum.Tests.Support;
using Fulcrum.TestBackends;
using Xunit.Abstractions;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// The incident Fulcrum exists for, replayed for real: three equal backends with a capacity, traffic at about 70 %
/// of it, then a config that favors one (weights 4,1,1) forced through the admin API. The imbalance alert must
/// fire within a minute naming the favored destination and the config change, the on-call webhook must hear of it,
/// <c>fulcrum rollback</c> must end it, and <c>fulcrum postmortem</c> must tell the story in order.
/// </summary>
public sealed class ReplayedBlunderTests(ITestOutputHelper output)
{
    // 2 servers × 20 ms service time ≈ 100 req/s per backend, 300 in all; 4 in the server at most, then 503.
    private static readonly TestBackendOptions Shape = new() { Latency = TimeSpan.FromMilliseconds(20), Concurrency = 2, Capacity = 4 };
    private const int RatePerSecond = 200;

    private static string Config(string hook, int weightA) => Configs.OneCluster(
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
            """);

    [Fact]
    public async Task Favoring_config_fires_imbalance_notifies_rolls_back_resolves_and_makes_a_postmortem()
    {
        await using var hook = await RecordingHookServer.StartAsync();
        await using var rig = await ProxyRig.StartAsync(Config(hook.HookUrl.ToString(), 1), ProxyRig.Named(3, Shape));
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var traffic = OpenLoopTraffic(rig, stop.Token);
        var clock = Stopwatch.StartNew();
        try
        {
            await Poll.UntilAsync(() => rig.Backends.Sum(b => b.Counters.Total) > RatePerSecond * 5, TimeSpan.FromSeconds(30), "five seconds of traffic");

            using var forced = await rig.Admin.PostAsync("/api/config?force=true", new StringContent(rig.Fill(Config(hook.HookUrl.ToString(), 4)), System.Text.Encoding.UTF8, "application/yaml"));
            Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
            var changedAt = clock.Elapsed;

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
            await WaitForAlertAsync(rig, a => a.Id == alert.Id && a.State == "acknowledged", TimeSpan.FromSeconds(5));
            var (unknownExit, _) = await FulcrumProcess.RunAsync("ack", "no-such-alert", "-c", rig.ConfigPath);
            Assert.Equal(1, unknownExit);

            var (rollbackExit, rollbackOutput) = await FulcrumProcess.RunAsync("rollback", "-c", rig.ConfigPath);
            output.WriteLine(rollbackOutput);
            Assert.Equal(0, rollbackExit);
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

        var (exitCode, postmortem) = await FulcrumProcess.RunAsync("postmortem", "-c", rig.ConfigPath);
        output.WriteLine(postmortem);
        Assert.Equal(0, exitCode);
        AssertInOrder(postmortem,
            "config.applied",
            "alert.firing",
            "notification.sent",
            "alert.acknowledged",
            "config.rollback",
            "alert.resolved");
        Assert.Contains("## Timeline", postmortem, StringComparison.Ordinal);
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

    private sealed record AlertView(string Id, string Name, string Cluster, string? Destination, string State, string Summary, string? Cause);
}
