using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL007: a hash key that takes few distinct values, so a handful of destinations get all the traffic:
/// client-ip (behind a proxy or NAT every request shares one address), headers with few values
/// (Accept-Language, User-Agent, Host, X-Forwarded-Proto…), or <c>path</c> on a cluster whose routes match a
/// fixed path.
/// </summary>
internal sealed class Ful007LowCardinalityHashKey : AuditRule
{
    /// <summary>Headers whose values come from a small set in real traffic.</summary>
    private static readonly HashSet<string> FewValueHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "Accept-Encoding", "Accept-Language", "User-Agent", "Host", "Origin", "Content-Type",
        "Connection", "Cache-Control", "Upgrade-Insecure-Requests", "DNT",
        "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Scheme", "X-Scheme",
        "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-Dest", "Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform",
    };

    public override string Id => "FUL007";
    public override string Name => "LowCardinalityHashKey";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Hash key with few distinct values: a few destinations get all the traffic";
    public override string Description =>
        "Hashing spreads load only as well as the key varies. client-ip is one address for every request that " +
        "comes through a proxy, NAT or CDN; headers such as Accept-Language, User-Agent, Host or " +
        "X-Forwarded-Proto take a handful of values; path is constant on a route that matches a fixed path. " +
        "Each distinct value lands on one destination, so a few destinations take everything. Hash on " +
        "something per user or per session (header:X-User-Id, cookie:session).";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            if (!Policies.IsHashing(cluster.Policy) || cluster.Hash is null)
            {
                continue;
            }
            var reason = LowCardinalityReason(context, cluster, cluster.Hash.Key);
            if (reason is null)
            {
                continue;
            }
            yield return Finding(
                context,
                SettingKeys.Cluster(cluster.Name, "hash.key"),
                $"cluster '{cluster.Name}' hashes on {cluster.Hash.Key}, which {reason}: a few destinations will take all the traffic",
                cluster.Name);
        }
    }

    private static string? LowCardinalityReason(AuditContext context, ClusterConfig cluster, HashKey key)
    {
        switch (key.Source)
        {
            case HashKeySource.ClientIp:
                return "is the same for every request that arrives through a proxy, NAT or CDN";
            case HashKeySource.Header when key.Name is not null && FewValueHeaders.Contains(key.Name):
                return "takes only a handful of values in real traffic";
            case HashKeySource.Path:
                var routes = context.RoutesTo(cluster.Name).ToList();
                if (routes.Count > 0 && routes.All(r => !r.Route.Match.Path.Contains('{')))
                {
                    return $"is fixed by its route(s) ({string.Join(", ", routes.Select(r => r.Route.Match.Path).Distinct())})";
                }
                return null;
            default:
                return null;
        }
    }
}
