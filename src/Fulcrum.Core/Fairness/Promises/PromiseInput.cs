namespace Fulcrum.Core.Fairness;

/// <summary>
/// One cluster's window as a promise reads it. Lists are parallel to <see cref="Destinations"/>;
/// <see cref="Judged"/> marks the eligible destinations with an effective weight above zero, the only ones a
/// promise speaks about. <see cref="WeightShares"/> are <see cref="ExpectedShares.Of(ReadOnlySpan{double})"/> of
/// the effective weights; <see cref="Actual"/> is each judged destination's part of <see cref="JudgedRequests"/>.
/// </summary>
public sealed record PromiseInput(
    string Cluster,
    string Policy,
    IReadOnlyList<DestinationWindow> Destinations,
    IReadOnlyList<bool> Judged,
    IReadOnlyList<double> WeightShares,
    IReadOnlyList<double> Actual,
    long JudgedRequests,
    double Tolerance)
{
    /// <summary>A stall of the whole machine that the window holds or that the picker is still recovering from; null without one.</summary>
    public CommonModeStall? Stall { get; init; }

    /// <summary>Indices of the judged destinations, in config order.</summary>
    public IEnumerable<int> JudgedIndices => Enumerable.Range(0, Destinations.Count).Where(i => Judged[i]);

    /// <summary>Mean time-averaged in-flight count over the judged destinations; null when one was never sampled.</summary>
    public double? MeanInFlight()
    {
        double sum = 0;
        var count = 0;
        foreach (var i in JudgedIndices)
        {
            if (Destinations[i].AverageInFlight is not { } inFlight)
            {
                return null;
            }
            sum += inFlight;
            count++;
        }
        return count == 0 ? null : sum / count;
    }
}
