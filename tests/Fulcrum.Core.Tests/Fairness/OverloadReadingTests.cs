using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Core.Tests.Fairness;

/// <summary>
/// The overload signal read the way each policy hands out work (bench/fairness phase 2, issue 12): a destination
/// holding its fair part of the requests in flight while failing is overloaded even when it completes few requests;
/// a destination taking a whole cluster is judged against how its idle peers fare in the monitor's other clusters.
/// </summary>
public sealed class OverloadReadingTests
{
    [Fact]
    public void Least_requests_with_weight_3_on_a_failing_slow_backend_names_it_by_its_in_flight_count()
    {
        // s gets 20 % of the requests (below its fair third, so the request reading looks away) but holds 60 % of the
        // in-flight count, as weight 3 tells least-requests to, and fails 10 % of them against 0 % on its peers.
        var judgment = FairnessJudge.Judge("web", PolicyKind.LeastRequests,
            [Window("f", 1, 700, 0, 0.6), Window("m", 1, 500, 0, 0.7), Window("s", 3, 300, 30, 2.0)], FairnessConfig.Default);

        Assert.Equal(SkewSignal.Overload, judgment.Skew!.Signal);
        Assert.Equal("s", judgment.Skew.Destination);
        Assert.Equal(2.0 / 3.3 * 3 - 1, judgment.Skew.Deviation, 1e-9);
        Assert.Equal("destination s holds 61 % of the requests in flight in cluster web (20 % of its requests), fair share 33 %, " +
            "and its error rate is 10 % against 0 % on its peers", judgment.Skew.Summary);
    }

    [Fact]
    public void Holding_requests_long_is_not_overload_by_latency()
    {
        // The slowest backend after a stall of the whole machine: most of the in-flight count, a long tail, no errors.
        var judgment = FairnessJudge.Judge("web", PolicyKind.PeakEwma,
            [Window("f", 1, 900, 0, 0.5, p99Ms: 50), Window("m", 1, 500, 0, 0.5, p99Ms: 90), Window("s", 1, 100, 0, 3.0, p99Ms: 14_000)],
            FairnessConfig.Default);

        Assert.NotEqual(SkewSignal.Overload, judgment.Skew?.Signal);
    }

    [Fact]
    public void A_destination_taking_a_whole_cluster_is_judged_against_its_idle_peers_elsewhere()
    {
        // first-available puts everything on a, failing 12 % (under the 15 % bar of idle peers nobody else reads).
        // b and c serve another cluster with 0 % errors: the failures are a's own, so it is overloaded.
        var healthyElsewhere = new Shared();
        healthyElsewhere.Spread(a: 0, b: 0, c: 0);
        healthyElsewhere.First(failures: 48);
        var verdict = healthyElsewhere.Monitor.Snapshot("first")!.Verdict;
        Assert.Equal(SkewSignal.Overload, verdict.Signal);
        Assert.Equal("a", verdict.Destination);
        Assert.EndsWith("error rate is 12 % while its 2 eligible peer(s) get no requests here and fail 0 % in other clusters", verdict.Summary);

        // A stalled machine: b and c fail as much elsewhere, so a's 12 % is trouble they all share.
        var stalled = new Shared();
        stalled.Spread(a: 12, b: 12, c: 12);
        stalled.First(failures: 48);
        Assert.Equal(VerdictKind.Balanced, stalled.Monitor.Snapshot("first")!.Verdict.Kind);

        // Alone (no other cluster reads b and c), the bar stays 15 %.
        var alone = new Shared();
        alone.First(failures: 48);
        Assert.Equal(VerdictKind.Balanced, alone.Monitor.Snapshot("first")!.Verdict.Kind);
    }

    private static DestinationWindow Window(string name, int weight, long requests, long failures, double inFlight, double p99Ms = 50) =>
        new(name, weight, true, null, weight, requests, failures, TimeSpan.FromMilliseconds(p99Ms / 2), TimeSpan.FromMilliseconds(p99Ms), inFlight,
            TimeSpan.FromMilliseconds(p99Ms / 3));

    /// <summary>Two clusters over the same three backends (same addresses) in one monitor on a fake clock.</summary>
    private sealed class Shared
    {
        private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        private readonly ClusterBalancer _spread;
        private readonly ClusterBalancer _first;

        public Shared()
        {
            Monitor = new DistributionMonitor(FairnessConfig.Default, _time);
            _spread = Balancer("spread", PolicyKind.RoundRobin);
            _first = Balancer("first", PolicyKind.FirstAvailable);
            Monitor.Track(_spread);
            Monitor.Track(_first);
        }

        public DistributionMonitor Monitor { get; }

        /// <summary>100 requests to each of a, b, c in "spread", the given number of them failing.</summary>
        public void Spread(int a, int b, int c)
        {
            foreach (var (name, failures) in new[] { ("a", a), ("b", b), ("c", c) })
            {
                Send(_spread, name, 100 - failures, 200);
                Send(_spread, name, failures, 503);
            }
        }

        /// <summary>400 requests to a in "first", the given number failing; then one sample, as the host's tick.</summary>
        public void First(int failures)
        {
            Send(_first, "a", 400 - failures, 200);
            Send(_first, "a", failures, 503);
            Monitor.Sample();
        }

        private void Send(ClusterBalancer balancer, string name, int count, int status)
        {
            for (var i = 0; i < count; i++)
            {
                Monitor.Record(balancer.Name, balancer.Find(name)!, status, false, TimeSpan.FromMilliseconds(20));
            }
        }

        private ClusterBalancer Balancer(string name, PolicyKind policy) => new(new ClusterConfig
        {
            Name = name,
            Policy = policy,
            Destinations = new[] { "a", "b", "c" }.Select((d, i) => new DestinationConfig(d, new Uri($"http://127.0.0.1:{9001 + i}/"), 1, null)).ToArray(),
        }, _time);
    }
}
