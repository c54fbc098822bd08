namespace Fulcrum.Core.Fairness;

/// <summary>
/// What <see cref="FairnessJudge"/> concluded about one cluster's window. Lists are parallel to the input
/// destinations; <see cref="Actual"/> is each eligible destination's share of the requests the eligible ones got
/// (0 for the others), the basis of every signal. <see cref="Expected"/>, <see cref="Promised"/> and
/// <see cref="JainIndex"/> are the <see cref="Promise"/>'s reading (see <see cref="PromiseReading"/>);
/// <see cref="Advisory"/> is a deviation the promise allows but reports (never a reason for <c>imbalance</c>).
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
    long WindowRequests)
{
    public required IFairnessPromise Promise { get; init; }

    public IReadOnlyList<double?> Promised { get; init; } = [];

    public Skew? Advisory { get; init; }
}
