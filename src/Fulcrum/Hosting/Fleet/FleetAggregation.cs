using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Fleet;

/// <summary>The fleet's judgment of one cluster, and how each instance's own split compares with the fleet's.</summary>
internal sealed record FleetCluster(
    string Name, string Policy, FairnessJudgment Judgment, IReadOnlyList<DestinationCounts> Counts, IReadOnlyList<FleetInstanceSplit> Instances)
{
    public IReadOnlyList<DestinationWindow> Destinations => Counts.Select(c => c.Window).ToArray();
}

/// <summary>
/// One instance's split of a cluster. <see cref="Skewed"/> when the same judge, expecting the fleet's actual split,
/// finds this instance's split significantly different: an instance that favors a destination is a favoritism source
/// even when the fleet as a whole looks fair.
/// </summary>
internal sealed record FleetInstanceSplit(string Instance, long Requests, IReadOnlyList<double> Shares, bool Skewed, string Summary);

/// <summary>
/// Adds up the live instances' windows per cluster and destination and judges them with the same
/// <see cref="FairnessJudge"/> the local monitor uses.
/// </summary>
internal static class FleetAggregation
{
    public static IReadOnlyList<FleetCluster> Judge(IReadOnlyList<ClusterCounts> counts, FairnessConfig fairness)
    {
        var result = new List<FleetCluster>();
        foreach (var cluster in counts.GroupBy(c => c.Cluster, StringComparer.Ordinal))
        {
            var parts = cluster.ToArray();
            var names = parts.SelectMany(p => p.Destinations.Select(d => d.Window.Name)).Distinct(StringComparer.Ordinal).ToArray();
            var policy = parts[0].Policy;
            // A registered policy reports its own name and the built-in promise it declared; earlier reports only a name.
            var kind = parts[0].JudgedAs ?? (Policies.TryParse(policy, out var parsed) ? parsed : PolicyKind.RoundRobin);
            var totals = Array.ConvertAll(parts, Totals);
            var sums = names.Select(name => Sum(name, parts, totals)).ToArray();
            var windows = sums.Select(s => s.Window).ToArray();
            var judgment = FairnessJudge.Judge(cluster.Key, kind, windows, fairness);
            var splits = parts.Select(p => Split(p, names, windows, kind, fairness)).ToArray();
            result.Add(new FleetCluster(cluster.Key, policy, judgment, sums, splits));
        }
        return result;
    }

    /// <summary>
    /// Requests, failures, latency histograms and in-flight add up. The expectation is the sum of what each instance
    /// was expected to send (its effective-weight share times its requests), so an instance that had a destination
    /// ejected expects, and is judged, accordingly; without traffic anywhere every instance counts once.
    /// </summary>
    private static DestinationCounts Sum(string name, ClusterCounts[] parts, (double EffectiveSum, long Requests)[] totals)
    {
        long requests = 0, failures = 0;
        var latency = new long[LatencyBuckets.Count];
        double expected = 0;
        double? inFlight = null;
        var weight = 0;
        double? capacity = null;
        var eligible = false;
        for (var k = 0; k < parts.Length; k++)
        {
            var (effectiveSum, partRequests) = totals[k];
            var match = Find(parts[k], name);
            if (match is null)
            {
                continue;
            }
            var w = match.Window;
            requests += w.Requests;
            failures += w.Failures;
            for (var i = 0; i < latency.Length && i < match.Latency.Count; i++)
            {
                latency[i] += match.Latency[i];
            }
            if (w.AverageInFlight is { } f)
            {
                inFlight = (inFlight ?? 0) + f;
            }
            weight = Math.Max(weight, w.Weight);
            capacity ??= w.Capacity;
            if (w.Eligible && effectiveSum > 0)
            {
                eligible = true;
                expected += w.EffectiveWeight / effectiveSum * Math.Max(1, partRequests);
            }
        }
        return new DestinationCounts(
            new DestinationWindow(name, weight, eligible, capacity, expected, requests, failures,
                LatencyBuckets.Quantile(latency, 0.50), LatencyBuckets.Quantile(latency, 0.99), inFlight),
            latency);
    }

    /// <summary>An instance's eligible effective weights and requests, summed once per instance rather than once per destination.</summary>
    private static (double EffectiveSum, long Requests) Totals(ClusterCounts part)
    {
        double effective = 0;
        long requests = 0;
        foreach (var d in part.Destinations)
        {
            if (d.Window.Eligible)
            {
                effective += d.Window.EffectiveWeight;
                requests += d.Window.Requests;
            }
        }
        return (effective, requests);
    }

    private static DestinationCounts? Find(ClusterCounts part, string name)
    {
        foreach (var d in part.Destinations)
        {
            if (string.Equals(d.Window.Name, name, StringComparison.Ordinal))
            {
                return d;
            }
        }
        return null;
    }

    private static FleetInstanceSplit Split(ClusterCounts part, string[] names, DestinationWindow[] fleet, PolicyKind kind, FairnessConfig fairness)
    {
        var requests = part.Destinations.Sum(d => d.Window.Requests);
        var shares = new double[names.Length];
        var windows = new DestinationWindow[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var own = Find(part, names[i])?.Window;
            var ownRequests = own?.Requests ?? 0;
            shares[i] = requests == 0 ? 0 : (double)ownRequests / requests;
            // Only the split is compared: the fleet's actual requests are the expectation; capacity, errors and
            // latency are the fleet judgment's business.
            windows[i] = new DestinationWindow(names[i], 1, fleet[i].Requests > 0, null, fleet[i].Requests, ownRequests, 0, null, null, null);
        }
        var judgment = FairnessJudge.Judge(part.Cluster, kind, windows, fairness);
        var skewed = judgment.Kind == VerdictKind.Skewed;
        var summary = skewed
            ? $"{part.Instance} splits {part.Cluster} differently from the fleet: {judgment.Summary}"
            : requests < fairness.MinRequests ? $"{requests} request(s) in the window, too few to compare" : "in line with the fleet";
        return new FleetInstanceSplit(part.Instance, requests, shares, skewed, summary);
    }
}
