namespace Fulcrum.Core.Balancing;

/// <summary>
/// Peak EWMA (Finagle, Linkerd): of two distinct weighted-random candidates the cheaper one wins, cost being
/// estimated response time × (in-flight + 1) / weight. The estimate (<see cref="Backend.Latency"/>) is fed by
/// <see cref="ClusterBalancer.RecordOutcome"/>, which also applies the fast-error penalty so a backend that
/// fails quickly does not look fast (sinkholing, see <see cref="FailurePenalty"/>).
/// A backend without samples yet borrows its rival's estimate, so it competes on load alone instead of
/// looking free (cost 0) and being flooded before its first response returns.
/// </summary>
internal sealed class PeakEwmaPicker(Random random) : TwoChoicesPicker(random)
{
    protected override bool PrefersFirst(WeightedSet set, int first, int second, long nowTicks)
    {
        var a = set.Backends[first];
        var b = set.Backends[second];
        var latencyA = a.Latency.HasSamples ? a.Latency.EstimateTicks(nowTicks) : -1;
        var latencyB = b.Latency.HasSamples ? b.Latency.EstimateTicks(nowTicks) : -1;
        if (latencyA < 0)
        {
            latencyA = Math.Max(latencyB, 0);
        }
        if (latencyB < 0)
        {
            latencyB = latencyA;
        }
        // One tick keeps the load term alive when both estimates have decayed to zero.
        var costA = (latencyA + 1) * (a.InFlight + 1) / set.WeightAt(first, nowTicks);
        var costB = (latencyB + 1) * (b.InFlight + 1) / set.WeightAt(second, nowTicks);
        return costA <= costB;
    }
}
