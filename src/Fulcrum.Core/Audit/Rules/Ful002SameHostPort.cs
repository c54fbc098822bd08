namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL002: destinations whose addresses differ but very probably reach the same server: loopback aliases
/// (localhost, 127.0.0.1, [::1]), a trailing dot, or the same host:port under another path.
/// </summary>
internal sealed class Ful002SameHostPort : AuditRule
{
    public override string Id => "FUL002";
    public override string Name => "SameHostPortDifferentSpelling";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Two destinations of a cluster probably reach the same host and port";
    public override string Description =>
        "Destinations spelled differently — localhost and 127.0.0.1, an IPv6 loopback, a host with a trailing dot, " +
        "or the same host:port with another path — usually land on the same server process, which then gets " +
        "both shares. A warning rather than an error because name resolution decides: two servers can listen " +
        "on the IPv4 and IPv6 loopback of one port. Use one spelling per backend.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        foreach (var cluster in context.Config.Clusters)
        {
            foreach (var group in cluster.Destinations.GroupBy(d => EndpointIdentity.HostPort(d.Address)).Where(g => g.Count() > 1))
            {
                // Exact duplicates belong to FUL001; report each further spelling once, against the first one.
                var spellings = group.DistinctBy(d => EndpointIdentity.Canonical(d.Address)).ToList();
                var first = spellings[0];
                foreach (var other in spellings.Skip(1))
                {
                    yield return Finding(
                        context,
                        SettingKeys.Destination(cluster.Name, other.Name, "address"),
                        $"destination '{other.Name}' of cluster '{cluster.Name}' ({other.Address.OriginalString}) probably reaches " +
                        $"the same server as '{first.Name}' ({first.Address.OriginalString}), which would then get both shares",
                        cluster.Name,
                        other.Name);
                }
            }
        }
    }
}
