using Fulcrum.Core.Config;

namespace Fulcrum.Core.Fairness;

/// <summary>The one place that says which <see cref="IFairnessPromise"/> each policy makes.</summary>
public static class FairnessPromises
{
    private static readonly IFairnessPromise Weights = new WeightSharePromise(followsKeys: false);
    private static readonly IFairnessPromise Keys = new WeightSharePromise(followsKeys: true);
    private static readonly IFairnessPromise LeastRequests = new InFlightPromise(PolicyKind.LeastRequests);
    private static readonly IFairnessPromise PowerOfTwo = new InFlightPromise(PolicyKind.PowerOfTwo);
    private static readonly IFairnessPromise PeakEwma = new EqualCostPromise();
    private static readonly IFairnessPromise FirstAvailable = new FirstAvailablePromise();

    /// <param name="policy">The cluster's policy.</param>
    /// <param name="balanceFactor">The hash balance-factor (hashing policies only); null is plain, unbounded hashing.</param>
    public static IFairnessPromise For(PolicyKind policy, double? balanceFactor = null) => policy switch
    {
        PolicyKind.RoundRobin or PolicyKind.Random => Weights,
        PolicyKind.LeastRequests => LeastRequests,
        PolicyKind.PowerOfTwo => PowerOfTwo,
        PolicyKind.PeakEwma => PeakEwma,
        PolicyKind.ConsistentHash or PolicyKind.Maglev => balanceFactor is { } c ? new BoundedLoadPromise(c) : Keys,
        PolicyKind.FirstAvailable => FirstAvailable,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown balancing policy."),
    };

    /// <summary>
    /// The promise of <paramref name="cluster"/>'s policy and its settings: the hash balance-factor, and peak-ewma's
    /// parallelism and cost, which change the cost the picker equalizes (a custom policy judged as peak-ewma keeps the default).
    /// </summary>
    public static IFairnessPromise For(ClusterConfig cluster) =>
        cluster is { Policy: PolicyKind.PeakEwma, CustomPolicy: null, PeakEwma: var settings } && settings != PeakEwmaConfig.Default
            ? new EqualCostPromise(settings with { Choices = PeakEwmaConfig.DefaultChoices })
            : For(cluster.Policy, cluster.Hash?.BalanceFactor);
}
