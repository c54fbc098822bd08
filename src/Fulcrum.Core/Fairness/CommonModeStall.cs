using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Fairness;

/// <summary>
/// A second of the window in which every destination that answered was far slower than its own usual (a GC
/// pause, CPU starvation, a stalled host: the whole machine, not one backend). Peak-ewma's cost promise cannot be
/// judged across one: its picker believes a latency peak at once and a recovery only over its decay time
/// (<see cref="PeakEwmaEstimator.DefaultDecay"/>), so for about τ · ln(peak / usual) after the stall it still routes
/// by the peaks it saw, and the window's mean latency × mean in-flight overstates whoever held requests during it
/// (bench/RESULTS.md, fairness runs: a false cost <c>imbalance</c> fired in a starved run). A biased picker slows
/// the destination it favors, not all of them at once, so it is not mistaken for one.
/// </summary>
public sealed record CommonModeStall(DateTimeOffset At, double Ratio, DateTimeOffset Until)
{
    /// <summary>A second counts when every destination's mean latency in it is at least this many times its window median...</summary>
    public const double LatencyRatio = 5.0;

    /// <summary>...and at least this long (10 ms against 2 ms is noise, not a stall).</summary>
    public static readonly TimeSpan LatencyFloor = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The most recent common-mode stall in the window, or null. It is over for the cost promise once it has left
    /// the window and the picker's estimates have decayed back: <c>window + τ · ln(ratio)</c> after it.
    /// </summary>
    internal static CommonModeStall? Find(IReadOnlyList<WindowTotals> totals, IReadOnlyList<bool> judged, DateTimeOffset now, TimeSpan window, long bucketTicks)
    {
        var ages = totals.Count == 0 ? 0 : totals[0].RequestsByAge.Length;
        var usual = new double?[totals.Count];
        for (var i = 0; i < totals.Count; i++)
        {
            usual[i] = judged[i] ? MedianBucketLatency(totals[i]) : null;
        }
        for (var age = 0; age < ages; age++)
        {
            var slowed = 0;
            var ratio = 0.0;
            var everyone = true;
            for (var i = 0; i < totals.Count && everyone; i++)
            {
                var requests = totals[i].RequestsByAge[age];
                if (!judged[i] || requests == 0 || usual[i] is not { } baseline || baseline <= 0)
                {
                    continue;
                }
                var mean = (double)totals[i].LatencyTicksByAge[age] / requests;
                if (mean >= LatencyRatio * baseline && mean >= LatencyFloor.Ticks)
                {
                    slowed++;
                    ratio = Math.Max(ratio, mean / baseline); // the picker remembers the highest peak longest
                }
                else
                {
                    everyone = false; // one destination answered as usual: not the whole machine
                }
            }
            if (slowed >= 2 && everyone)
            {
                var at = now - TimeSpan.FromTicks(age * bucketTicks);
                var recovery = TimeSpan.FromTicks((long)(PeakEwmaEstimator.DefaultDecay.Ticks * Math.Log(ratio)));
                return new CommonModeStall(at, ratio, at + window + recovery);
            }
        }
        return null;
    }

    /// <summary>Median over the window's seconds of the destination's per-second mean latency, in ticks.</summary>
    private static double? MedianBucketLatency(WindowTotals t)
    {
        var means = new List<double>(t.RequestsByAge.Length);
        for (var age = 0; age < t.RequestsByAge.Length; age++)
        {
            if (t.RequestsByAge[age] > 0)
            {
                means.Add((double)t.LatencyTicksByAge[age] / t.RequestsByAge[age]);
            }
        }
        if (means.Count == 0)
        {
            return null;
        }
        means.Sort();
        return means.Count % 2 == 1 ? means[means.Count / 2] : (means[means.Count / 2 - 1] + means[means.Count / 2]) / 2;
    }
}
