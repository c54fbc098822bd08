using System.Globalization;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config;

/// <summary>
/// Durations as the config and scenario files write them: a number and a unit (<c>250us</c>, <c>250ms</c>, <c>30s</c>,
/// <c>5m</c>, <c>1h</c>), decimals allowed (<c>1.5s</c>), parts combined from the largest unit down (<c>1m30s</c>);
/// a bare <c>0</c> is zero. The one duration grammar of Fulcrum: every reader of durations comes through here.
/// </summary>
public static class Duration
{
    public const string Allowed = "a number with a unit us, ms, s, m or h, e.g. 250ms, 30s, 5m, 1h or 1m30s";

    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("us", TimeSpan.TicksPerMicrosecond),
    ];

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong and what is allowed.</summary>
    public static bool TryParse(string text, out TimeSpan value, out string error) =>
        TryParse(text, TimeSpan.MaxValue, out value, out error);

    /// <summary>
    /// Parses <paramref name="text"/> as a duration of at most <paramref name="max"/>. Never throws and never
    /// overflows: the sum is checked against the maximum before each part is added.
    /// </summary>
    public static bool TryParse(string text, TimeSpan max, out TimeSpan value, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = TimeSpan.Zero;
        error = "";
        var s = text.Trim();
        if (s == "0")
        {
            return true;
        }
        if (s.Length == 0)
        {
            error = $"a duration is required: {Allowed}";
            return false;
        }
        if (s.Any(char.IsWhiteSpace))
        {
            error = $"{SafeText.Quote(text)} is not a duration (no spaces allowed): {Allowed}";
            return false;
        }
        decimal ticks = 0;
        decimal maxTicks = Math.Max(0, max.Ticks);
        var lastUnit = -1;
        var i = 0;
        while (i < s.Length)
        {
            var numberStart = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }
            var number = s[numberStart..unitStart];
            var unit = s[unitStart..i];
            if (!IsNumber(number))
            {
                error = s.StartsWith('-')
                    ? $"{SafeText.Quote(text)} is negative; durations cannot be negative: {Allowed}"
                    : $"{SafeText.Quote(text)} is not a duration: {Allowed}";
                return false;
            }
            var unitIndex = Array.FindIndex(Units, u => u.Unit == unit);
            if (unitIndex < 0)
            {
                error = unit.Length == 0
                    ? $"{SafeText.Quote(text)} has no unit: {Allowed}"
                    : $"{SafeText.Quote(text)} has an unknown unit {SafeText.Quote(unit)}: {Allowed}";
                return false;
            }
            if (unitIndex <= lastUnit)
            {
                error = $"{SafeText.Quote(text)} repeats a unit or puts a smaller one first; write parts from the largest unit down: {Allowed}";
                return false;
            }
            lastUnit = unitIndex;
            // decimal holds 28 digits: a longer number, or one whose ticks would pass the maximum, is too long
            // whatever the unit, so compare before multiplying (3000000000000000000h must not overflow).
            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
                || amount > (maxTicks - ticks) / Units[unitIndex].Ticks)
            {
                error = TooLong(text, max);
                return false;
            }
            ticks += amount * Units[unitIndex].Ticks;
        }
        value = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    /// <summary>Digits with at most one decimal point and at least one digit.</summary>
    private static bool IsNumber(string number) =>
        number.Any(char.IsAsciiDigit) && number.Count(c => c == '.') <= 1;

    private static string TooLong(string text, TimeSpan max) => max == TimeSpan.MaxValue
        ? $"{SafeText.Quote(text)} is too long a duration"
        : $"{SafeText.Quote(text)} is longer than the longest allowed duration, {Format(max)} ({max.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} day{(max == TimeSpan.FromDays(1) ? "" : "s")})";

    /// <summary>The shortest config spelling of <paramref name="value"/> (e.g. "1m30s", "250ms", "0s").</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }
        var sign = value < TimeSpan.Zero ? "-" : "";
        var rest = value.Duration().Ticks;
        var text = new System.Text.StringBuilder(sign);
        foreach (var (unit, unitTicks) in Units)
        {
            var whole = rest / unitTicks;
            rest -= whole * unitTicks;
            if (unit == "ms" && rest > 0)
            {
                // Sub-millisecond remainder: print the milliseconds as a decimal.
                var ms = whole + (decimal)rest / unitTicks;
                text.Append(ms.ToString("0.####", CultureInfo.InvariantCulture)).Append(unit);
                break;
            }
            if (whole > 0)
            {
                text.Append(whole.ToString(CultureInfo.InvariantCulture)).Append(unit);
            }
        }
        return text.ToString();
    }
}
