namespace Fulcrum.Core.Fairness;

/// <summary>
/// First-available: every request goes to the first eligible destination in config order; the others are
/// stand-bys. Traffic on a stand-by while the first is eligible is a skew. <see cref="MisroutedSlack"/> of the
/// window is tolerated because the window mixes time: a fail-back leaves the stand-by's earlier requests in it
/// until they age out. The promised quantity is each destination's share; the index is the first destination's
/// share (the fraction of requests where promised) — Jain's index of a one-destination split is always 1.
/// </summary>
internal sealed class FirstAvailablePromise : IFairnessPromise
{
    /// <summary>Requests elsewhere, as a fraction of the window, that still count as keeping the promise.</summary>
    public const double MisroutedSlack = 0.05;

    /// <summary>Fewer misrouted requests than this are never a skew (a handful at a fail-back is not a pattern).</summary>
    public const int MinMisrouted = 10;

    public string Statement => "everything goes to the first eligible destination";

    public string Quantity => "share";

    public PromiseReading Read(PromiseInput input)
    {
        var n = input.Destinations.Count;
        var expected = new double[n];
        var promised = new double?[n];
        var first = input.JudgedIndices.DefaultIfEmpty(-1).First();
        if (first < 0)
        {
            return new PromiseReading(expected, promised, null, null);
        }
        expected[first] = 1;
        int worst = -1;
        long misrouted = 0;
        foreach (var i in input.JudgedIndices)
        {
            promised[i] = input.Actual[i];
            if (i != first)
            {
                misrouted += input.Destinations[i].Requests;
                if (worst < 0 || input.Destinations[i].Requests > input.Destinations[worst].Requests)
                {
                    worst = i;
                }
            }
        }
        var index = input.JudgedRequests == 0 ? (double?)null : input.Actual[first];
        var elsewhere = 1 - input.Actual[first];
        if (worst < 0 || misrouted < MinMisrouted || elsewhere <= MisroutedSlack)
        {
            return new PromiseReading(expected, promised, index, null);
        }
        var name = input.Destinations[worst].Name;
        var skew = new Skew(name, SkewSignal.Share, elsewhere, null,
            $"destination {name} gets {FairnessText.Percent(input.Actual[worst])} of cluster {input.Cluster}, expected 0 %: " +
            $"first-available sends everything to {input.Destinations[first].Name} while it is eligible");
        return new PromiseReading(expected, promised, index, skew);
    }
}
