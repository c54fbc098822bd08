namespace Fulcrum.Core.Fairness;

/// <summary>
/// A skew found in one window: the favored (or, for a starved split, the most deviating) destination, the signal,
/// the deviation as a fraction (+0.8 is "+80 %": share over expected for <see cref="SkewSignal.Share"/>, share over
/// fair share for <see cref="SkewSignal.Overload"/>, in-flight per weight over the mean for
/// <see cref="SkewSignal.InFlight"/>, cost over the mean cost for <see cref="SkewSignal.Cost"/>, in-flight over the cap
/// for <see cref="SkewSignal.BoundedLoad"/>; for first-available, the share that went elsewhere), the chi-square p-value when that test applied, and a human summary.
/// </summary>
public sealed record Skew(string Destination, SkewSignal Signal, double Deviation, double? PValue, string Summary);
