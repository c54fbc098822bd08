using System.Globalization;

namespace Fulcrum.Core.Config;

/// <summary>
/// Durations as the config writes them: a number and a unit (<c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>),
/// decimals allowed (<c>1.5s</c>), parts combined from the largest unit down (<c>1m30s</c>); a bare <c>0</c> is zero.
/// </summary>
public static class Duration
{
    public const string Allowed = "a number with a unit ms, s, m or h, e.g. 250ms, 30s, 5m, 1h or 1m30s";

    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("h", TimeSpan.TicksPerHour),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
        ("ms", TimeSpan.TicksPerMillisecond),
    ];

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong and what is allowed.</summary>
    public static bool TryParse(string text, out TimeSpan value, out string error)
    {
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
            error = $"'{text}' is not a duration (no spaces allowed): {Allowed}";
            return false;
        }
        decimal ticks = 0;
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
            if (number.Length == 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                error = s.StartsWith('-')
                    ? $"'{text}' is negative; durations cannot be negative: {Allowed}"
                    : $"'{text}' is not a duration: {Allowed}";
                return false;
            }
            var unitIndex = Array.FindIndex(Units, u => u.Unit == unit);
            if (unitIndex < 0)
            {
                error = unit.Length == 0
                    ? $"'{text}' has no unit: {Allowed}"
                    : $"'{text}' has an unknown unit '{unit}': {Allowed}";
                return false;
            }
            if (unitIndex <= lastUnit)
            {
                error = $"'{text}' repeats a unit or puts a smaller one first; write parts from the largest unit down: {Allowed}";
                return false;
            }
            lastUnit = unitIndex;
            ticks += amount * Units[unitIndex].Ticks;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                error = $"'{text}' is too long a duration";
                return false;
            }
        }
        value = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

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
