using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary><c>hash: { key: header:NAME | cookie:NAME | query:NAME | path | client-ip, balance-factor }</c>.</summary>
internal static class HashReader
{
    public const string AllowedKeys = "header:NAME, cookie:NAME, query:NAME, path or client-ip";

    public static HashConfig? Read(MapReader cluster)
    {
        if (cluster.Section("hash", ConfigKeys.Hash) is not { } map)
        {
            return null;
        }
        HashKey? key = null;
        if (map.Required("key", $"where the hash key comes from: {AllowedKeys}") is not null
            && map.String("key", $"a hash key source: {AllowedKeys}") is { } text)
        {
            key = ParseKey(text, out var error);
            if (key is null)
            {
                map.Fail("key", error);
            }
        }
        var balanceFactor = map.Number("balance-factor", "a number > 1, e.g. 1.25");
        if (balanceFactor <= 1)
        {
            map.Fail("balance-factor", $"{balanceFactor} is too small; the balance factor caps a destination's load at factor x the mean, so it must be > 1 (e.g. 1.25); omit it for unbounded hashing");
            balanceFactor = null;
        }
        return key is null ? null : new HashConfig(key, balanceFactor);
    }

    internal static HashKey? ParseKey(string text, out string error)
    {
        error = "";
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var source = colon < 0 ? text : text[..colon];
        var name = colon < 0 ? null : text[(colon + 1)..];
        HashKeySource? kind = source switch
        {
            "header" => HashKeySource.Header,
            "cookie" => HashKeySource.Cookie,
            "query" => HashKeySource.Query,
            "path" => HashKeySource.Path,
            "client-ip" => HashKeySource.ClientIp,
            _ => null,
        };
        if (kind is null)
        {
            error = $"{SafeText.Quote(text)} is not a hash key; allowed: {AllowedKeys}";
            return null;
        }
        var needsName = kind is HashKeySource.Header or HashKeySource.Cookie or HashKeySource.Query;
        if (needsName && string.IsNullOrWhiteSpace(name))
        {
            error = $"{SafeText.Quote(text)} names no {source}; write {source}:NAME, e.g. {source}:{(kind == HashKeySource.Query ? "user" : "X-User-Id")}";
            return null;
        }
        if (!needsName && name is not null)
        {
            error = $"{SafeText.Quote(text)}: {source} takes no name; write just {SafeText.Quote(source)}";
            return null;
        }
        if (name is not null && !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            error = $"{SafeText.Quote(text)}: {SafeText.Quote(name)} is not a valid {source} name; use letters, digits, '-', '_' and '.'";
            return null;
        }
        return new HashKey(kind.Value, name);
    }
}
