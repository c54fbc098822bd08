using System.Diagnostics;

namespace LoadGen;

/// <summary>Exact percentiles (nearest rank) of a set of latencies, in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50, double P90, double P99, double P999, double Max)
{
    /// <summary>The summary, or null when there is nothing to summarize (JSON has no NaN).</summary>
    public static LatencySummary? Of(IEnumerable<long> ticks)
    {
        var sorted = ticks.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }
        double At(double p) => Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)], 3);
        return new LatencySummary(sorted.Length, At(0.50), At(0.90), At(0.99), At(0.999), At(1.0));
    }
}
