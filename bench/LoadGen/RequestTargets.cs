using System.Globalization;

namespace LoadGen;

/// <summary>
/// Where request i goes: the URLs in turn (request i to URL i mod n), each with a query parameter carrying one of
/// <c>keys</c> hash keys when asked (<c>--key-query NAME --keys N</c>), so hashing policies see many users. A URL
/// that already names the parameter keeps its own value: a fixed hot key.
/// </summary>
internal sealed class RequestTargets
{
    /// <summary>A prime far above any key count, so consecutive requests to one URL walk the keys in a scrambled order.</summary>
    private const long Stride = 1_000_003;

    private readonly Uri[] _urls;
    private readonly string? _keyQuery;
    private readonly int _keys;
    private readonly bool[] _hasKey;

    public RequestTargets(IReadOnlyList<Uri> urls, string? keyQuery, int keys)
    {
        _urls = [.. urls];
        _keyQuery = keyQuery;
        _keys = Math.Max(1, keys);
        _hasKey = _urls.Select(u => keyQuery is not null && u.Query.Contains(keyQuery + "=", StringComparison.Ordinal)).ToArray();
    }

    public Uri For(int index)
    {
        var slot = index % _urls.Length;
        var url = _urls[slot];
        if (_keyQuery is null || _hasKey[slot])
        {
            return url;
        }
        var key = (index / _urls.Length * Stride) % _keys;
        var separator = url.Query.Length > 0 ? "&" : "?";
        return new Uri(url + separator + _keyQuery + "=" + key.ToString(CultureInfo.InvariantCulture));
    }
}
