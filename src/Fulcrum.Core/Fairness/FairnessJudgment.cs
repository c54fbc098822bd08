namespace Fulcrum.Core.Fairness;

/// <summary>
/// What <see cref="FairnessJudge"/> concluded about one cluster's window. Lists are parallel to the input
/// destinations; <see cref="Actual"/> is each eligible destination's share of the requests the eligible ones got
/// (0 for the others), the basis of every signal.
/// </summary>
public sealed record FairnessJudgment(
    VerdictKind Kind,
    Skew? Skew,
    string Summary,
    IReadOnlyList<double> Expected,
    IReadOnlyList<double> Fair,
    IReadOnlyList<double> Actual,
    IReadOnlyList<double?> InFlightPerWeight,
    double? JainIndex,
    long WindowRequests);
