using Fulcrum.Core.Config;

namespace Fulcrum.Core.Fairness;

/// <summary>
/// Judges one cluster's window exactly as DESIGN.md's "Meaning of fairness" defines it. Pure: numbers in, verdict out.
/// Signals are tried in order overload (every policy), then the policy's own <see cref="IFairnessPromise"/>
/// (<see cref="FairnessPromises"/>): overload names the destination that is being hurt, which is what an operator
/// must act on first. The live monitor and the audit's FUL021 both call it.
/// </summary>
public static class FairnessJudge
{
    /// <summary>The chi-square test must reject the expected split at this level.</summary>
    public const double SignificanceLevel = 0.001;

    /// <summary>"At or above its fair share" tolerates this relative shortfall, so sampling noise cannot hide an overload.</summary>
    public const double FairShareSlack = 0.1;

    /// <summary>Overload by errors: error rate at least 5 %, at least 3× the peers' pooled rate, and at least 10 failures.</summary>
    public const double OverloadMinErrorRate = 0.05;
    public const double OverloadErrorRatio = 3.0;
    public const int OverloadMinFailures = 10;

    /// <summary>
    /// Overload by latency: p99 at least 2× the median of the peers' p99 and at least 100 ms (a backend at 10 ms
    /// against peers at 4 ms is not in distress); judged only with 50 requests or more, below that p99 is the maximum.
    /// Unlike errors, a long tail alone cannot tell an overloaded backend from one that is simply slower than its
    /// peers (40 ms against 10 ms, exponential service: p99 184 ms at any load), so latency names a destination only
    /// when it is also favored: above its fair share by more than the tolerance. A slow backend at its fair share is
    /// not being played favorite; the <c>latency-p99</c> alert covers its absolute latency — unless its tail is
    /// queueing, not service: at <see cref="SaturatedLatencyRatio"/>× its peers and <see cref="SaturatedLatencyFloor"/>
    /// it is drowning at or above its fair share. That second tier is needed because a saturated destination
    /// completes only what it can, so its share of completed requests stays near its fair share however much is
    /// sent to it (a hot hash key on the slowest backend: 47 % offered, 34 % completed, p99 two minutes).
    /// </summary>
    public const double OverloadLatencyRatio = 2.0;
    public static readonly TimeSpan OverloadLatencyFloor = TimeSpan.FromMilliseconds(100);
    public const int OverloadMinLatencyRequests = 50;
    public const double SaturatedLatencyRatio = 10.0;
    public static readonly TimeSpan SaturatedLatencyFloor = TimeSpan.FromSeconds(1);

    /// <summary>Idle peers' requests in other clusters needed for their error rate there to set the bar (see <see cref="BackendBoard"/>).</summary>
    public const int MinElsewhereRequests = 100;

    /// <summary>Load-aware promises are judged only when destinations average at least one request in flight; below that it is noise.</summary>
    public const double MinimumMeanInFlight = 1.0;

    /// <summary>Judges with the promise of <paramref name="policy"/> (unbounded hashing for the hash policies).</summary>
    public static FairnessJudgment Judge(
        string cluster, PolicyKind policy, IReadOnlyList<DestinationWindow> destinations, FairnessConfig config) =>
        Judge(cluster, policy, FairnessPromises.For(policy), destinations, config);

    /// <summary>
    /// Judges one window: the overload signal first (every policy; skipped when <paramref name="judgeOverload"/> is
    /// false, as the audit's FUL021 does, FUL020 being its overload rule), then <paramref name="promise"/>.
    /// <paramref name="stall"/> is a stall of the whole machine the promise should not blame on the picker.
    /// </summary>
    public static FairnessJudgment Judge(
        string cluster, PolicyKind policy, IFairnessPromise promise, IReadOnlyList<DestinationWindow> destinations,
        FairnessConfig config, bool judgeOverload = true, CommonModeStall? stall = null)
    {
        var n = destinations.Count;
        var judged = new bool[n];
        var weights = new double[n];
        long windowRequests = 0, judgedRequests = 0;
        var judgedCount = 0;
        for (var i = 0; i < n; i++)
        {
            var d = destinations[i];
            windowRequests += d.Requests;
            if (!d.Eligible || d.EffectiveWeight <= 0)
            {
                continue;
            }
            judged[i] = true;
            judgedCount++;
            weights[i] = d.EffectiveWeight;
            judgedRequests += d.Requests;
        }

        var weightShares = ExpectedShares.Of(weights);
        var fair = ExpectedShares.Fair(weights, destinations.Select(d => d.Capacity).ToArray());
        var actual = new double[n];
        var inFlightPerWeight = new double?[n];
        for (var i = 0; i < n; i++)
        {
            if (judged[i])
            {
                actual[i] = judgedRequests == 0 ? 0 : (double)destinations[i].Requests / judgedRequests;
                inFlightPerWeight[i] = destinations[i].AverageInFlight / destinations[i].EffectiveWeight;
            }
        }
        var input = new PromiseInput(cluster, Policies.Name(policy), destinations, judged, weightShares, actual, judgedRequests, config.Tolerance)
        {
            Stall = stall,
        };
        var reading = promise.Read(input);
        var jain = judgedRequests == 0 ? null : reading.JainIndex;

        FairnessJudgment Result(VerdictKind kind, Skew? skew, string summary) =>
            new(kind, skew, summary, reading.Expected, fair, actual, inFlightPerWeight, jain, windowRequests)
            {
                Promise = promise,
                Promised = reading.Promised,
                Advisory = kind == VerdictKind.NoVerdict ? null : reading.Advisory,
            };

        if (judgedCount == 0)
        {
            return Result(VerdictKind.NoVerdict, null,
                $"cluster {cluster}: {ExpectedShares.NoEligibleDestination}, {windowRequests} requests in the window");
        }
        if (windowRequests < config.MinRequests || judgedRequests == 0)
        {
            return Result(VerdictKind.NoVerdict, null,
                $"cluster {cluster}: {windowRequests} requests in the window, fewer than the {config.MinRequests} needed for a verdict");
        }

        var context = new Context(cluster, destinations, judged, weightShares, fair, actual, InFlightShares(destinations, judged), config.Tolerance);
        var skew = (judgeOverload ? FindOverload(context) : null) ?? reading.Skew;
        return skew is not null
            ? Result(VerdictKind.Skewed, skew, skew.Summary)
            : Result(VerdictKind.Balanced, null,
                $"cluster {cluster} is balanced: {windowRequests} requests in the window, Jain index {jain:0.000}" +
                (reading.Advisory is { } advisory ? $"; {advisory.Summary}" : ""));
    }

    private sealed record Context(
        string Cluster,
        IReadOnlyList<DestinationWindow> Destinations,
        bool[] Judged,
        double[] Expected,
        double[] Fair,
        double[] Actual,
        double?[] InFlightShare,
        double Tolerance);

    /// <summary>
    /// Each judged destination's part of the judged destinations' summed mean in-flight count: how much of the
    /// cluster's concurrent work it holds. Null where not judged, and for all when one was never sampled or nothing
    /// was in flight.
    /// </summary>
    private static double?[] InFlightShares(IReadOnlyList<DestinationWindow> destinations, bool[] judged)
    {
        var shares = new double?[destinations.Count];
        double total = 0;
        for (var i = 0; i < destinations.Count; i++)
        {
            if (judged[i])
            {
                if (destinations[i].AverageInFlight is not { } inFlight)
                {
                    return shares;
                }
                total += inFlight;
            }
        }
        for (var i = 0; i < destinations.Count && total > 0; i++)
        {
            shares[i] = judged[i] ? destinations[i].AverageInFlight!.Value / total : null;
        }
        return shares;
    }

    /// <summary>
    /// The destination at or above its fair share that is in distress, the most favored first. "At its fair share"
    /// is read in two quantities: its share of the requests (what round-robin, random and hashing hand out), or its
    /// share of the requests in flight (what least-requests, power-of-two, peak-ewma and bounded hashing hand out:
    /// weight 3 on a slow backend under least-requests makes it hold three times the others' in-flight count, yet it
    /// completes only a fifth of the requests, bench/fairness phase 2). Holding its fair part of the cluster's
    /// concurrent work while failing is the config asking too much of it, whatever the policy. Only errors name a
    /// destination on the in-flight reading: a slow backend rightly holds more in flight, and after a stall of the
    /// whole machine the slowest one holds its stalled requests longest (a p99 of 14 s on 58 % of the in-flight count
    /// with 5 % of the requests, CommonModeStallTests), so its tail alone is the <c>latency-p99</c> alert's.
    /// </summary>
    private static Skew? FindOverload(Context c)
    {
        Skew? worst = null;
        for (var i = 0; i < c.Destinations.Count; i++)
        {
            var d = c.Destinations[i];
            var floor = c.Fair[i] * (1 - FairShareSlack);
            var byRequests = c.Actual[i] >= floor;
            var byInFlight = c.InFlightShare[i] is { } held && held >= floor;
            if (!c.Judged[i] || d.Requests == 0 || !(byRequests || byInFlight))
            {
                continue;
            }
            var distress = DescribeDistress(c, i, favored: c.Actual[i] > c.Fair[i] * (1 + c.Tolerance), byLatency: byRequests);
            if (distress is null)
            {
                continue;
            }
            var deviation = (byRequests ? c.Actual[i] : c.InFlightShare[i]!.Value) / c.Fair[i] - 1;
            if (worst is null || deviation > worst.Deviation)
            {
                var holds = byRequests
                    ? $"gets {FairnessText.Percent(c.Actual[i])} of cluster {c.Cluster}"
                    : $"holds {FairnessText.Percent(c.InFlightShare[i]!.Value)} of the requests in flight in cluster {c.Cluster} " +
                      $"({FairnessText.Percent(c.Actual[i])} of its requests)";
                worst = new Skew(d.Name, SkewSignal.Overload, deviation, null,
                    $"destination {d.Name} {holds}, fair share {FairnessText.Percent(c.Fair[i])}, and its {distress}");
            }
        }
        return worst;
    }

    /// <summary>Why destination <paramref name="i"/> is "far" worse than its peers, or null when it is not.</summary>
    private static string? DescribeDistress(Context c, int i, bool favored, bool byLatency)
    {
        var d = c.Destinations[i];
        long peerRequests = 0, peerFailures = 0;
        var peers = 0;
        var peerP99s = new List<TimeSpan>();
        for (var j = 0; j < c.Destinations.Count; j++)
        {
            var peer = c.Destinations[j];
            if (j == i || !c.Judged[j])
            {
                continue;
            }
            peers++;
            peerRequests += peer.Requests;
            peerFailures += peer.Failures;
            if (peer.P99 is { } p99 && peer.Requests >= OverloadMinLatencyRequests)
            {
                peerP99s.Add(p99);
            }
        }
        if (peers == 0)
        {
            return null; // alone in the cluster: nobody could take its traffic, so nobody is favored over anyone
        }
        // Peers that got nothing in the window (a hot key on plain hashing, first-available, a config that sends
        // them nothing) are favoritism at its most extreme, not a reason to look away: without this, a destination
        // taking 100 % of a cluster while 20 % of it failed was "balanced" once its peers' last requests left the
        // window (bench/fairness, phase 2). Idle here, the peers may still serve other clusters: how they fare there
        // (BackendBoard) tells the destination's own trouble (peers healthy elsewhere: the usual 5 % bar) from
        // trouble every backend shares (a stalled machine: peers failing as much elsewhere). With no other cluster
        // to read, the bar is the one the ratio test sets against peers at the lowest rate worth naming: 3 × 5 % = 15 %
        // (a stalled machine once gave a first-available backend 6 % errors).
        var peerRate = (double)peerFailures / Math.Max(1, peerRequests);
        string? elsewhere = null;
        if (peerRequests == 0)
        {
            var (otherRequests, otherFailures) = PeersElsewhere(c, i);
            peerRate = otherRequests >= MinElsewhereRequests ? (double)otherFailures / otherRequests : OverloadMinErrorRate;
            elsewhere = otherRequests >= MinElsewhereRequests ? $" here and fail {FairnessText.Percent(peerRate)} in other clusters" : "";
        }
        if (d.Failures >= OverloadMinFailures && d.ErrorRate >= OverloadMinErrorRate && d.ErrorRate >= OverloadErrorRatio * peerRate)
        {
            return elsewhere is not null
                ? $"error rate is {FairnessText.Percent(d.ErrorRate)} while its {peers} eligible peer(s) get no requests{elsewhere}"
                : $"error rate is {FairnessText.Percent(d.ErrorRate)} against {FairnessText.Percent(peerRate)} on its peers";
        }
        var (ratio, floor) = favored ? (OverloadLatencyRatio, OverloadLatencyFloor) : (SaturatedLatencyRatio, SaturatedLatencyFloor);
        if (byLatency && d.P99 is { } own && d.Requests >= OverloadMinLatencyRequests && own >= floor && peerP99s.Count > 0)
        {
            peerP99s.Sort();
            var median = peerP99s.Count % 2 == 1
                ? peerP99s[peerP99s.Count / 2]
                : (peerP99s[peerP99s.Count / 2 - 1] + peerP99s[peerP99s.Count / 2]) / 2;
            if (own.Ticks >= ratio * median.Ticks)
            {
                return $"p99 is {FairnessText.Milliseconds(own)} against {FairnessText.Milliseconds(median)} on its peers";
            }
        }
        return null;
    }

    /// <summary>The judged peers of destination <paramref name="i"/>: their requests and failures in other clusters.</summary>
    private static (long Requests, long Failures) PeersElsewhere(Context c, int i)
    {
        long requests = 0, failures = 0;
        for (var j = 0; j < c.Destinations.Count; j++)
        {
            if (j != i && c.Judged[j])
            {
                requests += c.Destinations[j].Elsewhere.Requests;
                failures += c.Destinations[j].Elsewhere.Failures;
            }
        }
        return (requests, failures);
    }
}
