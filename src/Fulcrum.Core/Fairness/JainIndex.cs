namespace Fulcrum.Core.Fairness;

/// <summary>
/// Jain's fairness index (Σx)² / (n·Σx²) over x = actual/expected share: 1 when every destination gets exactly
/// what it should, 1/n when one takes everything.
/// </summary>
public static class JainIndex
{
    /// <summary>Null when there is nothing to judge (no values, or all zero).</summary>
    public static double? Of(ReadOnlySpan<double> ratios)
    {
        double sum = 0, sumOfSquares = 0;
        foreach (var x in ratios)
        {
            sum += x;
            sumOfSquares += x * x;
        }
        return ratios.Length == 0 || sumOfSquares <= 0 ? null : sum * sum / (ratios.Length * sumOfSquares);
    }
}
