namespace Fulcrum.Core.Fairness;

/// <summary>
/// A cluster's fairness verdict over the current window. When <see cref="Kind"/> is Skewed, <see cref="Skew"/>
/// names the destination and signal and <see cref="Since"/> is when this destination was first seen skewed
/// without interruption (the alert engine applies <c>fairness.for</c> to it).
/// </summary>
public sealed record ClusterVerdict(VerdictKind Kind, Skew? Skew, DateTimeOffset? Since, string Summary)
{
    public string? Destination => Skew?.Destination;

    public SkewSignal? Signal => Skew?.Signal;

    /// <summary>Signed fraction, e.g. 0.8 for "+80 %"; 0 unless skewed.</summary>
    public double Deviation => Skew?.Deviation ?? 0;

    /// <summary>How long the skew has lasted at <paramref name="now"/>; zero unless skewed.</summary>
    public TimeSpan SkewedFor(DateTimeOffset now) => Since is { } since && now > since ? now - since : TimeSpan.Zero;
}
