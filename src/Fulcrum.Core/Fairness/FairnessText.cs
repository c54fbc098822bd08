using System.Globalization;

namespace Fulcrum.Core.Fairness;

/// <summary>How verdicts and alerts spell numbers for humans: "61 %", "+80 %", "850 ms", "45 s".</summary>
public static class FairnessText
{
    public static string Percent(double fraction) =>
        (fraction * 100).ToString(fraction is > 0 and < 0.01 ? "0.0" : "0", CultureInfo.InvariantCulture) + " %";

    public static string SignedPercent(double fraction) =>
        (fraction * 100).ToString("+0;-0;0", CultureInfo.InvariantCulture) + " %";

    public static string Milliseconds(TimeSpan duration) =>
        duration.TotalMilliseconds.ToString(duration.TotalMilliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    public static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>"45 s", "3 min", "2 h 5 min": whole units, coarse enough to read at a glance.</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromMinutes(2))
        {
            return $"{(long)duration.TotalSeconds} s";
        }
        if (duration < TimeSpan.FromHours(2))
        {
            return $"{(long)duration.TotalMinutes} min";
        }
        return $"{(long)duration.TotalHours} h {duration.Minutes} min";
    }
}
