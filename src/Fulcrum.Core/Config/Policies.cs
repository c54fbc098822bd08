namespace Fulcrum.Core.Config;

/// <summary>The contract's spellings of policy names and hash key sources.</summary>
public static class Policies
{
    private static readonly (PolicyKind Kind, string Name)[] Names =
    [
        (PolicyKind.RoundRobin, "round-robin"),
        (PolicyKind.Random, "random"),
        (PolicyKind.LeastRequests, "least-requests"),
        (PolicyKind.PowerOfTwo, "power-of-two"),
        (PolicyKind.PeakEwma, "peak-ewma"),
        (PolicyKind.ConsistentHash, "consistent-hash"),
        (PolicyKind.Maglev, "maglev"),
        (PolicyKind.FirstAvailable, "first-available"),
    ];

    public static IEnumerable<string> AllNames => Names.Select(n => n.Name);

    public static string Name(PolicyKind kind)
    {
        // A loop, not LINQ over the tuples: a generic instantiation over a value tuple is compiled at every start.
        foreach (var (k, name) in Names)
        {
            if (k == kind)
            {
                return name;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a built-in policy");
    }

    public static bool TryParse(string text, out PolicyKind kind)
    {
        foreach (var (k, name) in Names)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>Hash policies route by a request key.</summary>
    public static bool IsHashing(PolicyKind kind) => kind is PolicyKind.ConsistentHash or PolicyKind.Maglev;

    /// <summary>Load-aware policies: their shares rightly follow backend speed, so fairness judges in-flight per weight.</summary>
    public static bool IsLoadAware(PolicyKind kind) =>
        kind is PolicyKind.LeastRequests or PolicyKind.PowerOfTwo or PolicyKind.PeakEwma;

    /// <summary>Parses a hash key as the contract writes it (<c>header:X-User-Id</c>, <c>path</c>, ...); on failure <paramref name="error"/> says what is allowed.</summary>
    public static bool TryParseHashKey(string text, out HashKey? key, out string error)
    {
        key = Reading.HashReader.ParseKey(text, out error);
        return key is not null;
    }

    public static string HashKeyName(HashKeySource source) => source switch
    {
        HashKeySource.Header => "header",
        HashKeySource.Cookie => "cookie",
        HashKeySource.Query => "query",
        HashKeySource.Path => "path",
        HashKeySource.ClientIp => "client-ip",
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };
}
