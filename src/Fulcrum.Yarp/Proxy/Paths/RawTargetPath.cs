using System.Buffers;
using System.Text;

namespace Fulcrum.Proxy.Paths;

/// <summary>
/// The path and query to send to a backend, built from the request target exactly as the client sent it
/// (<c>IHttpRequestFeature.RawTarget</c>) rather than from ASP.NET's decoded <c>Request.Path</c>: the decoded path
/// cannot tell <c>%2F</c> from <c>%252F</c>, which is why YARP forwards the first as the second (yarp #1419).
/// Two things still change, both so the backend is asked for what the route matched: dot segments are removed
/// (as Kestrel removed them before routing, encoded dots included), and the request's path base is cut off (as YARP
/// does). Characters a URI may not carry are escaped, and a <c>%</c> that starts no escape becomes <c>%25</c>.
/// </summary>
internal static class RawTargetPath
{
    // RFC 3986 pchar without pct-encoded: unreserved, sub-delims, ':' and '@'; '/' separates segments.
    private static readonly SearchValues<char> PathChars =
        SearchValues.Create("!$&'()*+,-./0123456789:;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    // The query may also carry '?' (and '/', already in PathChars).
    private static readonly SearchValues<char> QueryChars =
        SearchValues.Create("!$&'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    private static readonly UriCreationOptions AsGiven = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>
    /// The path and query to forward, or null when the target is not in origin form (absolute-form, <c>*</c>) and
    /// YARP's own rendering of the decoded path should be used.
    /// </summary>
    public static string? Build(string? rawTarget, string? pathBase, bool normalize)
    {
        if (string.IsNullOrEmpty(rawTarget) || rawTarget[0] != '/')
        {
            return null;
        }
        var queryStart = rawTarget.IndexOf('?');
        var path = queryStart < 0 ? rawTarget.AsSpan() : rawTarget.AsSpan(0, queryStart);
        var query = queryStart < 0 ? [] : rawTarget.AsSpan(queryStart + 1);
        var baseSegments = string.IsNullOrEmpty(pathBase) ? 0 : pathBase.AsSpan().Count('/');
        // The common case costs one scan and no allocation: nothing to escape, normalise, drop or cut.
        if (!normalize && baseSegments == 0 && path.IndexOfAnyExcept(PathChars) < 0 && !HasDotSegment(path)
            && query.IndexOfAnyExcept(QueryChars) < 0)
        {
            return rawTarget;
        }
        var builder = new StringBuilder(rawTarget.Length + 16);
        var segments = RemoveDotSegments(path);
        for (var i = Math.Min(baseSegments, segments.Count); i < segments.Count; i++)
        {
            builder.Append('/');
            Append(builder, segments[i], PathChars, normalize);
        }
        if (queryStart >= 0)
        {
            builder.Append('?');
            Append(builder, query, QueryChars, normalize);
        }
        return builder.ToString();
    }

    /// <summary>The destination's address and the path; the URI is kept as given, not canonicalised again by <see cref="Uri"/>.</summary>
    public static Uri Address(string destinationPrefix, string pathAndQuery)
    {
        var prefix = pathAndQuery.Length > 0 && destinationPrefix.EndsWith('/') ? destinationPrefix.AsSpan(0, destinationPrefix.Length - 1) : destinationPrefix;
        return new Uri(string.Concat(prefix, pathAndQuery), in AsGiven);
    }

    private static bool HasDotSegment(ReadOnlySpan<char> path)
    {
        foreach (var range in path.Split('/'))
        {
            if (DotKind(path[range]) != 0)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>1 for <c>.</c>, 2 for <c>..</c> (either possibly written <c>%2E</c>), 0 for any other segment.</summary>
    private static int DotKind(ReadOnlySpan<char> segment)
    {
        var dots = 0;
        for (var i = 0; i < segment.Length; dots++)
        {
            if (segment[i] == '.')
            {
                i++;
            }
            else if (segment.Length - i >= 3 && segment[i] == '%' && segment[i + 1] == '2' && (segment[i + 2] | 0x20) == 'e')
            {
                i += 3;
            }
            else
            {
                return 0;
            }
        }
        return dots is 1 or 2 ? dots : 0;
    }

    /// <summary>RFC 3986 §5.2.4 on the raw segments (after the leading '/'); a trailing dot segment leaves a trailing '/'.</summary>
    private static List<string> RemoveDotSegments(ReadOnlySpan<char> path)
    {
        var output = new List<string>();
        var rest = path[1..];
        while (true)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            var kind = DotKind(segment);
            if (kind == 2 && output.Count > 0)
            {
                output.RemoveAt(output.Count - 1);
            }
            if (kind == 0)
            {
                output.Add(segment.ToString());
            }
            else if (slash < 0)
            {
                output.Add("");
            }
            if (slash < 0)
            {
                return output;
            }
            rest = rest[(slash + 1)..];
        }
    }

    private static void Append(StringBuilder builder, ReadOnlySpan<char> text, SearchValues<char> allowed, bool normalize)
    {
        Span<byte> bytes = stackalloc byte[8];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                AppendEscape(builder, text.Slice(i, 3), normalize);
                i += 2;
            }
            else if (c != '%' && allowed.Contains(c))
            {
                builder.Append(c);
            }
            else
            {
                // Outside what a URI may carry (a lone '%', a space, a non-ASCII character): escaped as UTF-8.
                var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
                var count = Encoding.UTF8.GetBytes(text.Slice(i, length), bytes);
                foreach (var b in bytes[..count])
                {
                    builder.Append('%').Append(HexUpper(b >> 4)).Append(HexUpper(b & 0xF));
                }
                i += length - 1;
            }
        }
    }

    /// <summary>As sent; or, normalising, an escaped unreserved character decoded and any other escape in upper case.</summary>
    private static void AppendEscape(StringBuilder builder, ReadOnlySpan<char> escape, bool normalize)
    {
        if (!normalize)
        {
            builder.Append(escape);
            return;
        }
        var value = (char)((HexValue(escape[1]) << 4) | HexValue(escape[2]));
        if (char.IsAsciiLetterOrDigit(value) || value is '-' or '.' or '_' or '~')
        {
            builder.Append(value);
        }
        else
        {
            builder.Append('%').Append(char.ToUpperInvariant(escape[1])).Append(char.ToUpperInvariant(escape[2]));
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static char HexUpper(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
