namespace Fulcrum.Core.Simulation;

/// <summary>
/// Where each key went during one phase of a run (phases are separated by scenario events):
/// <see cref="DestinationByKey"/>[k] is the destination of key k's last request in the phase, null if it had none.
/// </summary>
public sealed record KeyAssignmentPhase(TimeSpan From, TimeSpan To, IReadOnlyList<string?> DestinationByKey)
{
    /// <summary>
    /// Fraction of keys seen in both phases whose destination differs: the disruption a change caused
    /// (consistent hashing promises about 1/n when one of n destinations leaves).
    /// </summary>
    public static double MovedFraction(KeyAssignmentPhase before, KeyAssignmentPhase after)
    {
        var seen = 0;
        var moved = 0;
        var count = Math.Min(before.DestinationByKey.Count, after.DestinationByKey.Count);
        for (var k = 0; k < count; k++)
        {
            if (before.DestinationByKey[k] is { } a && after.DestinationByKey[k] is { } b)
            {
                seen++;
                if (!string.Equals(a, b, StringComparison.Ordinal))
                {
                    moved++;
                }
            }
        }
        return seen == 0 ? 0 : (double)moved / seen;
    }
}
