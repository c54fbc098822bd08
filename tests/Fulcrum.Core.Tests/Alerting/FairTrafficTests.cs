using Fulcrum.Core.Alerting;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Alerting;

/// <summary>End to end on a fake clock: the real monitor fed with seeded random, noisy but fair traffic raises nothing.</summary>
public sealed class FairTrafficTests
{
    [Fact]
    public void Ten_minutes_of_noisy_fair_traffic_raise_no_alert_at_all()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var monitor = new DistributionMonitor(FairnessConfig.Default, time);
        var engine = new AlertEngine(AlertFixture.Config, FairnessConfig.Default, time);
        var random = new Random(20260101);
        var web = monitor.Track(Balancer("web", PolicyKind.RoundRobin, [3, 1, 1], time));
        var api = monitor.Track(Balancer("api", PolicyKind.LeastRequests, [1, 1, 1, 1], time));
        var transitions = new List<AlertTransition>();
        var verdicts = new HashSet<VerdictKind>();

        for (var second = 0; second < 600; second++)
        {
            for (var quarter = 0; quarter < 4; quarter++)
            {
                SendRandom(web, random, random.Next(10, 40));
                SendRandom(api, random, random.Next(5, 25));
                foreach (var backend in api.Balancer.Backends)
                {
                    // In-flight wanders between 2 and 6 on every api backend, the same for each in the long run.
                    var target = random.Next(2, 7);
                    while (backend.InFlight < target) backend.RequestStarted();
                    while (backend.InFlight > target) backend.RequestEnded();
                }
                monitor.Sample();
                time.Advance(TimeSpan.FromMilliseconds(250));
            }
            var snapshots = monitor.Snapshot();
            verdicts.UnionWith(snapshots.Select(s => s.Verdict.Kind));
            transitions.AddRange(engine.Evaluate(snapshots).Transitions);
        }

        Assert.Empty(transitions);
        Assert.Empty(engine.Alerts);
        Assert.Contains(VerdictKind.Balanced, verdicts);
        Assert.DoesNotContain(VerdictKind.Skewed, verdicts);
    }

    private static ClusterBalancer Balancer(string name, PolicyKind policy, int[] weights, TimeProvider time) => new(new ClusterConfig
    {
        Name = name,
        Policy = policy,
        Destinations = weights.Select((w, i) => new DestinationConfig($"{name}-{i}", new Uri($"http://127.0.0.1:{9001 + i}"), w)).ToArray(),
    }, time);

    /// <summary>Requests to destinations drawn by weight, lognormal-ish 10–120 ms latencies, 1 % 5xx.</summary>
    private static void SendRandom(ClusterRecorder cluster, Random random, int count)
    {
        var backends = cluster.Balancer.Backends;
        var total = backends.Sum(b => b.Weight);
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(total);
            var backend = backends.First(b => (pick -= b.Weight) < 0);
            var latency = TimeSpan.FromMilliseconds(10 + 30 * Math.Exp(random.NextDouble() * 1.3));
            var status = random.NextDouble() < 0.01 ? 503 : 200;
            cluster.Record(backend, status, false, latency);
        }
    }
}
