using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fulcrum.Journal;

/// <summary>
/// Caps what one event stores, so hostile input (a 4 MiB config with 200 errors, a receiver's 1 MB error page)
/// cannot grow the journal by megabytes per event. A longer text keeps its start and ends with a marker giving
/// its full length and SHA-256, so two cut values can still be told apart and matched against the original.
/// </summary>
internal static class JournalText
{
    /// <summary>Longest <see cref="JournalEvent.Details"/> stored, in characters.</summary>
    public const int MaxDetailsChars = 16 * 1024;

    /// <summary>Longest <see cref="JournalEvent.Summary"/> stored, in characters.</summary>
    public const int MaxSummaryChars = 2 * 1024;

    /// <summary>Longest <see cref="JournalEvent.Kind"/>, cluster, destination and alert id stored, in characters.</summary>
    public const int MaxNameChars = 512;

    /// <summary>The marker that ends a cut text; readers can search for it.</summary>
    public const string TruncatedMarker = "… [truncated by the journal: ";

    /// <summary><paramref name="e"/> with every text field within its cap; the same instance when all fit.</summary>
    public static JournalEvent BoundEvent(JournalEvent e)
    {
        // Almost every event fits: checked first, so the usual event is neither copied nor compared field by field.
        if (Fits(e.Kind, MaxNameChars) && Fits(e.Cluster, MaxNameChars) && Fits(e.Destination, MaxNameChars)
            && Fits(e.Summary, MaxSummaryChars) && Fits(e.Details, MaxDetailsChars) && Fits(e.AlertId, MaxNameChars))
        {
            return e;
        }
        return e with
        {
            Kind = Bound(e.Kind, MaxNameChars)!,
            Cluster = Bound(e.Cluster, MaxNameChars),
            Destination = Bound(e.Destination, MaxNameChars),
            Summary = Bound(e.Summary, MaxSummaryChars)!,
            Details = Bound(e.Details, MaxDetailsChars),
            AlertId = Bound(e.AlertId, MaxNameChars),
        };
    }

    private static bool Fits([NotNullWhen(false)] string? text, int max) => text is null || text.Length <= max;

    /// <summary><paramref name="text"/> when it fits in <paramref name="max"/> characters, else its start and the marker.</summary>
    public static string? Bound(string? text, int max)
    {
        if (Fits(text, max))
        {
            return text;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        var marker = $"{TruncatedMarker}{text.Length.ToString(CultureInfo.InvariantCulture)} chars in all, sha256 {hash}]";
        var keep = Math.Max(0, max - marker.Length - 1);
        // Never split a surrogate pair.
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }
        return string.Concat(text.AsSpan(0, keep), "\n", marker);
    }
}
