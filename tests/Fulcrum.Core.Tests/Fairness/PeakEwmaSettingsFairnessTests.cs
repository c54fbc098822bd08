using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Core.Simulation;
using static Fulcrum.Core.Tests.Fairness.PolicyPromiseScenarios;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>
/// Peak-ewma with <c>parallelism</c> keeps its promise and raises no false <c>imbalance</c> (issue 12): the monitor
/// judges the cost the picker evens out, latency × (in-flight + P) per weight. Judged on (in-flight + 1) instead,
/// the fast destinations, which rightly hold more in flight with P = 16, would read as favored and dearer than the
/// mean.
/// </summary>
public sealed class PeakEwmaSettingsFairnessTests
{
    private static readonly PeakEwmaConfig Tuned = new(Choices: 3, Parallelism: 16);

    /// <summary>Join the shortest expected delay at the load bench backends' concurrency (bench/RESULTS.md, "het6").</summary>
    private static readonly PeakEwmaConfig ExpectedDelay = new(Choices: 3, Parallelism: 8, Cost: PeakEwmaCost.ExpectedDelay);

    public static TheoryData<string> Settings() => ["tuned", "expected-delay"];

    private static PeakEwmaConfig Of(string settings) => settings == "tuned" ? Tuned : ExpectedDelay;

    [Fact]
    public void The_promise_states_the_parallelism_it_judges()
    {
        var cluster = Cluster(PolicyKind.PeakEwma) with { PeakEwma = Tuned };

        Assert.Contains("latency × (in-flight + 16) per unit weight", FairnessPromises.For(cluster).Statement, StringComparison.Ordinal);
        Assert.Contains("(in-flight + 1)", FairnessPromises.For(Cluster(PolicyKind.PeakEwma)).Statement, StringComparison.Ordinal);
        Assert.Equal(FairnessPromises.For(PolicyKind.PeakEwma).Statement, FairnessPromises.For(Cluster(PolicyKind.PeakEwma) with { PeakEwma = new PeakEwmaConfig(Choices: 3) }).Statement);
        Assert.Contains("latency × max(in-flight + 1, 8) per unit weight",
            FairnessPromises.For(Cluster(PolicyKind.PeakEwma) with { PeakEwma = ExpectedDelay }).Statement, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Ten_minutes_over_unequal_healthy_backends_raise_no_imbalance(string settings)
    {
        var cluster = Cluster(PolicyKind.PeakEwma) with { PeakEwma = Of(settings) };
        var run = MonitoredRun.Of(Scenario(cluster));

        AssertBalanced(run, FairnessPromises.For(cluster).Statement);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void The_heterogeneous_bench_scenario_at_90_percent_raises_no_imbalance(string settings)
    {
        // bench/load/run.sh's heterogeneous scenario: 8 servers and a queue of 56 each, 10, 10 and 20 ms, offered
        // 90 % of the nominal 2,000 req/s. The fast ones take most of the traffic and hold ~10 requests in flight.
        var cluster = new ClusterConfig
        {
            Name = "het",
            Policy = PolicyKind.PeakEwma,
            PeakEwma = Of(settings),
            Destinations = [.. new[] { "b1", "b2", "b3" }.Select((n, i) => new DestinationConfig(n, new Uri($"http://10.0.0.{i + 1}:8080")))],
        };
        var scenario = new SimulationScenario
        {
            Cluster = cluster,
            Arrivals = ArrivalProcess.Poisson(1_800),
            Behaviors = new Dictionary<string, DestinationBehavior>
            {
                ["b1"] = Het(10),
                ["b2"] = Het(10),
                ["b3"] = Het(20),
            },
            Requests = 0,
            Duration = TimeSpan.FromMinutes(5),
            Keys = KeyDistribution.None,
            Seed = 7,
        };

        var run = MonitoredRun.Of(scenario);

        AssertBalanced(run, FairnessPromises.For(cluster).Statement, minimumJudged: 250);
    }

    private static DestinationBehavior Het(double ms) => new()
    {
        ServiceTime = ServiceTime.LogNormal(TimeSpan.FromMilliseconds(ms), 0.08),
        Concurrency = 8,
        QueueLimit = 56,
    };

    private static void AssertBalanced(MonitoredRun run, string statement, int minimumJudged = 500)
    {
        Assert.False(run.Imbalance.Any(), string.Join("\n", run.Imbalance.Select(t => $"{t.At}: {t.Transition.To} {t.Transition.Alert.Summary}")));
        var judged = run.Snapshots.Where(s => s.Snapshot.Verdict.Kind != VerdictKind.NoVerdict).ToList();
        Assert.True(judged.Count > minimumJudged, $"only {judged.Count} of {run.Snapshots.Count} windows had a verdict");
        Assert.All(judged, s => Assert.Equal(VerdictKind.Balanced, s.Snapshot.Verdict.Kind));
        Assert.Equal(statement, run.Snapshots[^1].Snapshot.Promise);
    }
}
