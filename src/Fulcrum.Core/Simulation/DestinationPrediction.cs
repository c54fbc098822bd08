namespace Fulcrum.Core.Simulation;

/// <summary>
/// What a destination is predicted to get under uniform traffic at 70 % of the cluster's capacity:
/// <see cref="PredictedShare"/> of requests (from the real picker) against the <see cref="ExpectedShare"/> its
/// weight asks for, and <see cref="PredictedRate"/> req/s against its <see cref="DeclaredCapacity"/>.
/// </summary>
public sealed record DestinationPrediction(
    string Name,
    int Weight,
    double? DeclaredCapacity,
    double ExpectedShare,
    double PredictedShare,
    double PredictedRate,
    TimeSpan P99)
{
    /// <summary>Predicted rate over declared capacity; above 1 the destination gets more than it can take. Null without a capacity.</summary>
    public double? Utilization => DeclaredCapacity is { } capacity and > 0 ? PredictedRate / capacity : null;

    public bool Overloaded => Utilization > 1.0;
}
