namespace Fulcrum.Core.Fairness;

/// <summary>
/// What a promise made of one window. Lists are parallel to the input destinations.
/// <see cref="Expected"/> is the share each destination should have got under the promise (0 when not judged):
/// the weight share for share-based policies, the share that would even out the promised quantity for the
/// load-aware ones — what the dashboard shows as "expected" and /metrics exports.
/// <see cref="Promised"/> is each destination's value of <see cref="IFairnessPromise.Quantity"/> (null when not
/// judged or not measurable) and <see cref="JainIndex"/> is Jain's index over it (null when nothing to judge).
/// <see cref="Skew"/> is a broken promise (it raises <c>imbalance</c>); <see cref="Advisory"/> is a deviation the
/// promise allows but an operator should know about (a hot key on plain hashing): shown, never alerted on.
/// </summary>
public sealed record PromiseReading(
    IReadOnlyList<double> Expected,
    IReadOnlyList<double?> Promised,
    double? JainIndex,
    Skew? Skew,
    Skew? Advisory = null);
