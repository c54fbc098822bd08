using System.Globalization;

namespace Fulcrum.Core.Audit;

/// <summary>How numbers read in findings and comparisons: invariant culture, whole percents, config-style durations.</summary>
internal static class Format
{
    public static string Percent(double share) =>
        (share * 100).ToString(share is > 0 and < 0.01 ? "0.#" : "0", CultureInfo.InvariantCulture) + " %";

    public static string Number(double value) =>
        value.ToString(Math.Abs(value) >= 10 || value == Math.Floor(value) ? "0" : "0.#", CultureInfo.InvariantCulture);

    /// <summary>Durations as the config writes them: 250ms, 30s, 5m, 1h30m.</summary>
    public static string Duration(TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1))
        {
            return ((int)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }
        var parts = new List<string>();
        if (value.Days > 0 || value.Hours > 0)
        {
            parts.Add(((int)value.TotalHours).ToString(CultureInfo.InvariantCulture) + "h");
        }
        if (value.Minutes > 0)
        {
            parts.Add(value.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }
        if (value.Seconds > 0 || value.Milliseconds > 0)
        {
            parts.Add(value.Milliseconds > 0
                ? (value.Seconds + value.Milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) + "s"
                : value.Seconds.ToString(CultureInfo.InvariantCulture) + "s");
        }
        return string.Concat(parts);
    }
}
