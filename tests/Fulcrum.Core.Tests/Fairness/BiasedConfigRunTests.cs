using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Core.Simulation;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>
/// Acceptance (issue 12), "every policy with a biased config": the backends of bench/fairness (f 20 ms, m 40 ms,
/// s 80 ms of service), s small (4 servers and a queue of 12: 50 req/s, a 503 beyond 16 in it, as if its other
/// clusters kept the rest busy). Ten virtual minutes of the fair config raise no <c>imbalance</c>; a config that makes
/// s take more than it can carry, forced after two minutes, is named on s by the real monitor and alert engine within
/// <c>fairness.window</c> + <c>fairness.for</c>. What "biased" is depends on the policy: weights steer round-robin,
/// random and hashing at once, but least-requests, power-of-two and peak-ewma protect a slow backend from a weight
/// of 3 (they hand out in-flight or cost, and s's growing queue turns traffic away), so for them the bias that
/// really harms is a weight large enough to make s hold more than its servers; first-available's is s listed first.
/// </summary>
public sealed class BiasedConfigRunTests
{
    private static readonly TimeSpan BiasStart = TimeSpan.FromMinutes(2);

    /// <summary>One evaluation (1 s) of slack on top of window + for: the alert engine runs once a second.</summary>
    private static readonly TimeSpan Deadline = FairnessConfig.Default.Window + FairnessConfig.Default.For + TimeSpan.FromSeconds(1);

    private const double Rate = 100;

    public static TheoryData<PolicyKind, int> Biases() => new()
    {
        { PolicyKind.RoundRobin, 3 },
        { PolicyKind.Random, 3 },
        { PolicyKind.LeastRequests, 10 },
        { PolicyKind.PowerOfTwo, 3 },
        { PolicyKind.PeakEwma, 10 },
        { PolicyKind.ConsistentHash, 3 },
        { PolicyKind.Maglev, 3 },
        { PolicyKind.FirstAvailable, 1 },
    };

    [Theory]
    [MemberData(nameof(Biases))]
    public void Ten_minutes_of_the_fair_config_raise_no_imbalance(PolicyKind policy, int weightOfS)
    {
        _ = weightOfS;
        var run = MonitoredRun.Of(Bench(policy, events: [], TimeSpan.FromMinutes(10)));

        Assert.False(run.Imbalance.Any(), Describe(run));
    }

    [Theory]
    [MemberData(nameof(Biases))]
    public void A_config_that_overloads_s_is_named_on_s_within_window_plus_for(PolicyKind policy, int weightOfS)
    {
        var run = MonitoredRun.Of(Bench(policy, [ScenarioEvent.SetWeight(BiasStart, "s", weightOfS)], TimeSpan.FromMinutes(4)));

        Assert.False(run.Imbalance.Any(t => t.At < BiasStart), Describe(run));
        var fired = run.FirstImbalanceFired;
        Assert.True(fired is not null, "no imbalance fired. " + Describe(run));
        Assert.True(fired.Value.Destination == "s", $"fired on {fired.Value.Destination}. " + Describe(run));
        Assert.True(fired.Value.At - BiasStart <= Deadline, $"fired {fired.Value.At - BiasStart} after the bias. " + Describe(run));
    }

    private static SimulationScenario Bench(PolicyKind policy, IReadOnlyList<ScenarioEvent> events, TimeSpan duration)
    {
        // First-available's bias is s first in line: it starts listed first with weight 0 (not eligible), then gets 1.
        var order = policy == PolicyKind.FirstAvailable ? new[] { "s", "f", "m" } : ["f", "m", "s"];
        var cluster = new ClusterConfig
        {
            Name = "web",
            Policy = policy,
            Destinations = order
                .Select((name, i) => new DestinationConfig(name, new Uri($"http://10.0.0.{i + 1}:8080"), policy == PolicyKind.FirstAvailable && name == "s" ? 0 : 1, null))
                .ToArray(),
        };
        if (Policies.IsHashing(policy))
        {
            cluster = cluster with { Hash = new HashConfig(new HashKey(HashKeySource.Header, "X-User"), policy == PolicyKind.Maglev ? 1.25 : null) };
        }
        DestinationBehavior Backend(double ms, int servers, int queue) => new()
        {
            ServiceTime = ServiceTime.LogNormal(TimeSpan.FromMilliseconds(ms), 0.25),
            Concurrency = servers,
            QueueLimit = queue,
        };
        return new SimulationScenario
        {
            Cluster = cluster,
            Arrivals = ArrivalProcess.Poisson(Rate),
            Behaviors = new Dictionary<string, DestinationBehavior>
            {
                ["f"] = Backend(20, 16, 48),
                ["m"] = Backend(40, 16, 48),
                ["s"] = Backend(80, 4, 12),
            },
            Requests = 0,
            Duration = duration,
            Keys = Policies.IsHashing(policy) ? KeyDistribution.Uniform(10_000) : KeyDistribution.None,
            Events = events,
            Seed = 7,
        };
    }

    private static string Describe(MonitoredRun run) =>
        string.Join("; ", run.Result.Destinations.Select(d => $"{d.Name} share {d.Share:P1} util {d.Utilization:0.00} p99 {d.P99}")) + " | " +
        string.Join(" | ", run.Imbalance.Select(t => $"{t.At}: {t.Transition.To} {t.Transition.Alert.Destination} {t.Transition.Alert.Summary}").Take(4)) + " | last: " +
        string.Join(" / ", run.Snapshots.Where((_, i) => i % 20 == 0).TakeLast(6).Select(s => $"{s.At:mm\\:ss} {s.Snapshot.Verdict.Summary}"));
}
