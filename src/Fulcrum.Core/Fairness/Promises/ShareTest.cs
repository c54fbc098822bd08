namespace Fulcrum.Core.Fairness;

/// <summary>
/// DESIGN.md's share-skew test, shared by the share-based promises: some destination's share deviates from its
/// expected share by more than the tolerance (relative) AND a chi-square test rejects the expected split at
/// <see cref="FairnessJudge.SignificanceLevel"/>, so neither a small sample nor a tiny deviation can alert.
/// </summary>
internal static class ShareTest
{
    /// <summary>Actual over expected share per judged destination (null elsewhere): the quantity Jain's index reads.</summary>
    public static double?[] Ratios(PromiseInput input, IReadOnlyList<double> expected)
    {
        var ratios = new double?[input.Destinations.Count];
        foreach (var i in input.JudgedIndices)
        {
            ratios[i] = expected[i] > 0 ? input.Actual[i] / expected[i] : null;
        }
        return ratios;
    }

    /// <summary>The favored destination (or, when none is favored, the most starved one) if the split is skewed.</summary>
    public static Skew? Find(PromiseInput input, IReadOnlyList<double> expected)
    {
        var observed = new List<double>();
        var expectedCounts = new List<double>();
        int favored = -1, starved = -1;
        double Deviation(int i) => input.Actual[i] / expected[i] - 1;
        foreach (var i in input.JudgedIndices)
        {
            if (expected[i] <= 0)
            {
                continue;
            }
            observed.Add(input.Destinations[i].Requests);
            expectedCounts.Add(expected[i] * input.JudgedRequests);
            var deviation = Deviation(i);
            if (deviation > input.Tolerance && (favored < 0 || deviation > Deviation(favored)))
            {
                favored = i;
            }
            if (deviation < -input.Tolerance && (starved < 0 || deviation < Deviation(starved)))
            {
                starved = i;
            }
        }
        // A favored destination is the story the product exists for; a starved one is named only when no one is favored.
        var named = favored >= 0 ? favored : starved;
        if (named < 0 || observed.Count < 2)
        {
            return null;
        }
        var statistic = ChiSquare.Statistic(observed.ToArray(), expectedCounts.ToArray());
        var p = ChiSquare.SurvivalFunction(statistic, observed.Count - 1);
        if (p >= FairnessJudge.SignificanceLevel)
        {
            return null;
        }
        var name = input.Destinations[named].Name;
        return new Skew(name, SkewSignal.Share, Deviation(named), p,
            $"destination {name} gets {FairnessText.Percent(input.Actual[named])} of cluster {input.Cluster}, " +
            $"expected {FairnessText.Percent(expected[named])}");
    }

    /// <summary>Jain's index over the non-null values.</summary>
    public static double? Jain(IReadOnlyList<double?> values) =>
        JainIndex.Of(values.Where(v => v.HasValue).Select(v => v!.Value).ToArray());
}
