using Fulcrum.Core.Config;

namespace Fulcrum.Core.Balancing;

/// <summary>
/// Peak EWMA (Finagle, Linkerd): of two distinct weighted-random candidates the cheaper one wins, cost being
/// estimated response time × (in-flight + 1) / weight / success-ratio².
/// Two settings (<see cref="PeakEwmaConfig"/>, <c>clusters.*.peak-ewma</c>): <c>choices</c> compares k candidates
/// instead of two, and <c>parallelism</c> P makes the load term (in-flight + P): a destination serving P requests
/// side by side only gets slower once P are in flight, so Finagle's single-server cost, where every request in
/// flight adds a whole response time, over-rates a fast destination's queue and sends too much to a slow one
/// (simulated and measured in bench/RESULTS.md, "Heterogeneous backends: peak-ewma settings").
/// With <c>cost: expected-delay</c> the load term is max(in-flight + 1, P) instead: the expected completion time of
/// one more request at a destination serving P at once (join the shortest expected delay, JSED). Below P in flight
/// the latency alone decides, so the fastest destination with a free slot wins and a slower one takes requests only
/// while the faster ones would make them queue longer than its own response time; under (in-flight + P) a fast
/// destination's first free slots already count against it and the slow one takes a steady share (measured in
/// bench/RESULTS.md, "join the shortest expected delay", branch het6). Meant for P = the backends' real concurrency.
/// The estimate (<see cref="Backend.Latency"/>) is fed by <see cref="ClusterBalancer.RecordOutcome"/>, which also
/// applies the fast-error penalty so a backend that fails quickly does not look fast (<see cref="FailurePenalty"/>).
/// A backend without samples yet borrows its rival's estimate, so it competes on load alone instead of
/// looking free (cost 0) and being flooded before its first response returns.
/// </summary>
/// <remarks>
/// Why a success-ratio term on top of the penalty (sinkholing, Google SRE book ch. 20): the penalty alone cannot
/// win. A backend answering 500s in 1 ms holds almost nothing in flight (~1 against ~5 on its peers at 70 % load),
/// and healthy peers' peak estimates sit at their recent worst (40–80 ms), so a penalty of 5 × the typical
/// success (~50 ms) still leaves it cheapest: the simulator gave it 36 % of traffic at 50 % errors and 58 % at
/// 100 % (fair: 33 %). Raising the penalty to the peers' peak would only move the break-even, since the in-flight
/// gap grows with load. Dividing by the success ratio instead scales with how broken the backend is, whatever its
/// latency or load: squaring it makes a 50 %-failing backend 4× as expensive (enough to out-weigh the in-flight
/// gap), a 20 %-failing one 1.56×. Healthy backends (ratio 1) and clusters failing evenly (the same ratio
/// everywhere) compare exactly as before, so the policy's latency behavior is unchanged.
/// The floor <see cref="MinimumSuccess"/> caps the factor at 25×, a pressure valve rather than an ejection: when
/// the healthy peers are overloaded by the failing one's absence, their queues lengthen until they cost 25× more
/// and it takes the overflow (as failures) instead of letting their latency grow without bound — Envoy's panic
/// threshold as a continuous quantity. Measured (3 × 10 servers, 10 ms, 70 % load, one backend failing every
/// request in 1 ms): floor 0.01 left it 0.1 % of traffic and p99 at 2 s; floor 0.2 gives it about 5 % and p99
/// 113 ms; at 90 % load it takes ~26 %, still under its fair third.
/// </remarks>
internal sealed class PeakEwmaPicker(Random random, PeakEwmaConfig? settings = null)
    : TwoChoicesPicker(random, (settings ?? PeakEwmaConfig.Default).Choices)
{
    /// <summary>Floor of the success ratio: caps the cost factor at 1 / 0.2² = 25× (see remarks); never divides by zero.</summary>
    public const double MinimumSuccess = 0.2;

    private readonly PeakEwmaConfig _settings = settings ?? PeakEwmaConfig.Default;

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
        // One tick keeps the load term alive when both estimates have decayed to zero. The costs
        // (latency + 1) × load / weight / success-factor are compared multiplied out, without division;
        // a weight of 0 still reads as an infinite cost.
        var costA = (latencyA + 1) * _settings.Load(a.InFlight) * set.WeightAt(second, nowTicks) * SuccessFactor(b, nowTicks);
        var costB = (latencyB + 1) * _settings.Load(b.InFlight) * set.WeightAt(first, nowTicks) * SuccessFactor(a, nowTicks);
        return costA <= costB;
    }

    /// <summary>What the cost is divided by: success-ratio², at least <see cref="MinimumSuccess"/>²; exactly 1 when healthy.</summary>
    internal static double SuccessFactor(Backend backend, long nowTicks)
    {
        var success = Math.Max(MinimumSuccess, backend.SuccessRate.At(nowTicks));
        return success * success;
    }
}
