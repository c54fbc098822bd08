using System.Globalization;

namespace Fulcrum.Incidents;

/// <summary>Human spellings of times and spans for timelines and postmortems.</summary>
internal static class Durations
{
    /// <summary>"2026-11-24 19:03:12Z".</summary>
    public static string Stamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"19:03:12Z" — when the date is clear from context.</summary>
    public static string Clock(DateTimeOffset time) =>
        time.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"2 h 5 min", "36 min 48 s", "12 s".</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "-" + Span(-span);
        }
        var parts = new List<string>(3);
        var totalHours = (long)span.TotalHours;
        if (totalHours > 0)
        {
            parts.Add($"{totalHours} h");
        }
        if (span.Minutes > 0)
        {
            parts.Add($"{span.Minutes} min");
        }
        if (totalHours == 0 && (span.Seconds > 0 || parts.Count == 0))
        {
            parts.Add($"{span.Seconds} s");
        }
        return string.Join(' ', parts);
    }

    /// <summary>"12.5 %".</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>"12,345".</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
