using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fulcrum.Core.Text;

/// <summary>
/// Makes untrusted text (values and names from a config, a request, a journal row) safe to print in a message:
/// control and invisible formatting characters are escaped so they cannot drive a terminal (ESC sequences) or
/// reorder what a reader sees (bidi overrides), and long values are cut so one field cannot flood a log.
/// </summary>
public static class SafeText
{
    /// <summary>How much of a value an error message quotes by default: enough to recognise it, short enough for one line.</summary>
    public const int DefaultQuoteLength = 120;

    /// <summary>
    /// The value between <paramref name="mark"/>s (single quotes by default), escaped with <see cref="Escape"/>. A value
    /// longer than <paramref name="max"/> characters is cut and marked with its full length and the start of its
    /// SHA-256, e.g. <c>'aaaa…' (10485760 chars, sha256 ab12cd34ef56)</c>, so two long values can still be told apart.
    /// </summary>
    public static string Quote(string value, int max = DefaultQuoteLength, char mark = '\'')
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (value.Length <= max)
        {
            return mark + Escape(value) + mark;
        }
        return mark + Escape(Cut(value, max)) + "…" + mark + " " + Describe(value);
    }

    /// <summary>
    /// The text with every character that is not safe to print escaped: C0 controls and DEL (<c>\x1b</c>, with
    /// <c>\t</c>, <c>\n</c>, <c>\r</c> for the usual ones), C1 controls (<c>\x9b</c>), format characters such as bidi
    /// overrides and zero-width spaces (<c>\u202e</c>), line and paragraph separators, and unpaired surrogates.
    /// Backslashes are left alone, so escaping twice changes nothing.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var firstUnsafe = NextUnsafe(text, 0);
        if (firstUnsafe < 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16);
        var done = 0;
        for (var at = firstUnsafe; at >= 0; at = NextUnsafe(text, done))
        {
            builder.Append(text, done, at - done);
            if (Rune.TryGetRuneAt(text, at, out var rune))
            {
                AppendEscaped(builder, rune.Value);
                done = at + rune.Utf16SequenceLength;
            }
            else
            {
                AppendEscaped(builder, text[at]); // an unpaired surrogate
                done = at + 1;
            }
        }
        builder.Append(text, done, text.Length - done);
        return builder.ToString();
    }

    /// <summary>
    /// Multi-line text (a report, a timeline) with each line <see cref="Escape"/>d and the line breaks kept: a
    /// carriage return, ESC or bidi override inside a line is shown escaped, the layout stays.
    /// </summary>
    public static string EscapeLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join('\n', text.Split('\n').Select(Escape));
    }

    /// <summary>
    /// <see cref="Escape"/>d text of at most about <paramref name="max"/> characters; longer text is cut and marked with
    /// its length. For whole messages and field paths, where the value-level <see cref="Quote"/> was not (or could not be) used.
    /// </summary>
    public static string Bound(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var escaped = Escape(text);
        return escaped.Length <= max
            ? escaped
            : Cut(escaped, max) + $"… (cut; {escaped.Length.ToString(CultureInfo.InvariantCulture)} chars)";
    }

    private static string Describe(string value)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        return $"({value.Length.ToString(CultureInfo.InvariantCulture)} chars, sha256 {Convert.ToHexStringLower(hash, 0, 6)})";
    }

    /// <summary>The first <paramref name="max"/> characters, one fewer when that would split a surrogate pair.</summary>
    private static string Cut(string value, int max) =>
        max > 0 && char.IsHighSurrogate(value[max - 1]) ? value[..(max - 1)] : value[..max];

    /// <summary>The index of the first unsafe character at or after <paramref name="from"/>, or -1.</summary>
    private static int NextUnsafe(string text, int from)
    {
        var i = from;
        while (i < text.Length)
        {
            if (!Rune.TryGetRuneAt(text, i, out var rune))
            {
                return i; // unpaired surrogates are not text at all
            }
            if (IsUnsafe(rune))
            {
                return i;
            }
            i += rune.Utf16SequenceLength;
        }
        return -1;
    }

    /// <summary>A character that must not reach a terminal or log as is.</summary>
    private static bool IsUnsafe(Rune rune) =>
        Rune.IsControl(rune) // C0, DEL and C1
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format // bidi overrides and isolates, zero-width chars, BOM
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static void AppendEscaped(StringBuilder builder, int c)
    {
        switch (c)
        {
            case '\t': builder.Append(@"\t"); break;
            case '\n': builder.Append(@"\n"); break;
            case '\r': builder.Append(@"\r"); break;
            default:
                builder.Append(c <= 0xff ? $"\\x{c:x2}" : c <= 0xffff ? $"\\u{c:x4}" : $"\\U{c:x8}");
                break;
        }
    }
}
