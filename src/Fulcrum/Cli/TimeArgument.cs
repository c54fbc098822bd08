using Fulcrum.Core.Config;
using System.Globalization;

namespace Fulcrum.Cli;

/// <summary>
/// The times <c>--since</c> and <c>--until</c> accept: ISO 8601 (<c>2026-11-24T19:00:00Z</c>; no offset means UTC)
/// or a span ago (<c>-2h</c> and <c>2h</c> both mean two hours ago; units ms, s, m, h, d).
/// </summary>
internal static class TimeArgument
{
    public const string Help = "ISO 8601 (2026-11-24T19:00:00Z) or how long ago (-2h, 30m, 1d)";

    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset value)
    {
        text = text.Trim();
        if (TryParseAgo(text.StartsWith('-') ? text[1..] : text, out var ago))
        {
            value = now - ago;
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static bool TryParseAgo(string text, out TimeSpan ago)
    {
        if (text.EndsWith('d')
            && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var days)
            && days >= 0)
        {
            ago = TimeSpan.FromDays(days);
            return true;
        }
        return Duration.TryParse(text, out ago, out _);
    }
}
