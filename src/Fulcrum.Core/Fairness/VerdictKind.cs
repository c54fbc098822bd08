namespace Fulcrum.Core.Fairness;

public enum VerdictKind
{
    /// <summary>Fewer than <c>fairness.min-requests</c> requests in the window (or nothing eligible to judge).</summary>
    NoVerdict,
    Balanced,
    Skewed,
}
