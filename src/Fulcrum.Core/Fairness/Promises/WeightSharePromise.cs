namespace Fulcrum.Core.Fairness;

/// <summary>
/// Round-robin and random: each destination's share of requests equals its weight share (w·r / Σ w·r).
/// Also plain (unbounded) consistent-hash and maglev, whose table splits the KEY SPACE by weight but whose
/// request shares follow the keys: there a share skew is an <see cref="PromiseReading.Advisory"/>, not a broken
/// promise. A hot key on a plain ring is the traffic's shape, not the balancer playing favorites — the picker
/// still keeps every key on its destination, which is what plain hashing promises; paging someone for it would
/// page on every popular user. The risk is flagged where it can be fixed, at config time (FUL006: add a
/// balance-factor), and the harm, if any, still alerts: a hot destination in distress is an overload skew.
/// </summary>
internal sealed class WeightSharePromise(bool followsKeys) : IFairnessPromise
{
    public string Statement => followsKeys
        ? "keys are split by weight; request shares follow the keys (hot keys are reported, not alerted)"
        : "shares follow the weights";

    public string Quantity => "share / expected share";

    public PromiseReading Read(PromiseInput input)
    {
        var expected = input.WeightShares;
        var ratios = ShareTest.Ratios(input, expected);
        var skew = ShareTest.Find(input, expected);
        if (followsKeys && skew is not null)
        {
            var advisory = skew with { Summary = $"hash skew (hot keys, not alerted): {skew.Summary}" };
            return new PromiseReading(expected, ratios, ShareTest.Jain(ratios), null, advisory);
        }
        return new PromiseReading(expected, ratios, ShareTest.Jain(ratios), skew);
    }
}
